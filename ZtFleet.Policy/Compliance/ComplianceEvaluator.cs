using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Compliance.Iso27001;
using ZtFleet.Policy.Compliance.Maturity;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// One assessment from the facts of one plant or of every plant: IEC 62443-3-3 per zone and conduit, the ISO/IEC 27001
/// statement of applicability and CISA maturity. Pure: the caller gathers the facts and gives the time.
/// </summary>
public static class ComplianceEvaluator
{
    /// <summary>
    /// Assesses <paramref name="plants"/> at <paramref name="now"/>: <paramref name="plant"/> names the plant assessed
    /// (its facts must be the only ones given), null the fleet (every plant's facts).
    /// </summary>
    public static ComplianceAssessment Assess(
        string id, PlantId? plant, IReadOnlyList<PlantComplianceFacts> plants, long fleetVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plants);
        if (plant is { } only && plants.Any(p => p.Plant.Id != only))
        {
            throw new ArgumentException($"a plant assessment of '{only}' takes that plant's facts only", nameof(plants));
        }

        var books = plants.OrderBy(p => p.Plant.Id.Value, StringComparer.Ordinal).Select(p => new PlantFactBook(p, now)).ToList();
        var zones = books.SelectMany(b => b.Facts.Plant.Zones.Select(z => Iec62443Evaluator.AssessZone(b, z))).ToList();
        var conduits = books.SelectMany(b => b.Facts.Plant.Conduits.Select(c => Iec62443Evaluator.AssessConduit(b, c))).ToList();
        return new ComplianceAssessment(
            id, plant, now, fleetVersion, zones, conduits, Iso27001Evaluator.Assess(books), MaturityEvaluator.Assess(books));
    }
}
