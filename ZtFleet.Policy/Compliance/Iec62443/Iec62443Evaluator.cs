using System.Globalization;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance.Iec62443;

/// <summary>
/// Evaluates the <see cref="Iec62443Catalogue"/> for a plant's zones and conduits at one instant: pure, time is a
/// parameter. A requirement is met when every fact it reads holds, not met when one fails, not applicable when none
/// concerns the zone; an unobservable one (or one whose facts cannot tell) is decided by the attestation in force. The
/// achieved level of an FR is the highest level whose requirements of that FR, at that level and below, are all met,
/// attested or not applicable (docs/iec62443.md).
/// </summary>
public static class Iec62443Evaluator
{
    /// <summary>The key of the fact that records how an attestation decided a requirement.</summary>
    public const string AttestationFact = "attestation";

    /// <summary>Every zone of the plant, in document order.</summary>
    public static IReadOnlyList<ZoneAssessment> AssessZones(PlantComplianceFacts facts, DateTimeOffset now)
    {
        var book = new PlantFactBook(facts, now);
        return facts.Plant.Zones.Select(z => AssessZone(book, z)).ToList();
    }

    /// <summary>Every conduit of the plant, in document order.</summary>
    public static IReadOnlyList<ConduitAssessment> AssessConduits(PlantComplianceFacts facts, DateTimeOffset now)
    {
        var book = new PlantFactBook(facts, now);
        return facts.Plant.Conduits.Select(c => AssessConduit(book, c)).ToList();
    }

    /// <summary>One zone.</summary>
    public static ZoneAssessment AssessZone(PlantComplianceFacts facts, ZoneSpec zone, DateTimeOffset now) =>
        AssessZone(new PlantFactBook(facts, now), zone);

    internal static ZoneAssessment AssessZone(PlantFactBook book, ZoneSpec zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var results = Iec62443Catalogue.All
            .Select(r => Evaluate(
                book,
                r,
                r.ZoneFacts.Select(k => k.StartsWith("zone.", StringComparison.Ordinal) ? book.Zone(k, zone) : book.PlantFact(k)).ToList(),
                [zone.Id],
                new ComplianceSubject(EntityKind.Zone, zone.Id.Value, book.Plant)))
            .ToList();
        var target = SecurityLevelVector.Uniform(zone.SecurityLevelTarget);
        return new ZoneAssessment(book.Plant, zone.Id, zone.Name, target, Achieved(results, null), results);
    }

    internal static ConduitAssessment AssessConduit(PlantFactBook book, ConduitSpec conduit)
    {
        ArgumentNullException.ThrowIfNull(conduit);
        var zones = book.Facts.Plant.Zones;
        var level = Math.Max(
            zones.FirstOrDefault(z => z.Id == conduit.From)?.SecurityLevelTarget ?? 0,
            zones.FirstOrDefault(z => z.Id == conduit.To)?.SecurityLevelTarget ?? 0);
        var target = SecurityLevelVector.Uniform(level);
        var results = Iec62443Catalogue.All.Where(r => r.AtConduit)
            .Select(r => Evaluate(
                book,
                r,
                r.ConduitFacts.Select(k => k.StartsWith("conduit.", StringComparison.Ordinal) ? book.Conduit(k, conduit) : book.PlantFact(k)).ToList(),
                [conduit.From, conduit.To],
                new ComplianceSubject(EntityKind.Conduit, conduit.Id.Value, book.Plant)))
            .ToList();
        return new ConduitAssessment(book.Plant, conduit.Id, conduit.From, conduit.To, target, Achieved(results, target), results);
    }

    /// <summary>
    /// The achieved level per FR: the highest level L such that every result of that FR with a level up to L is met,
    /// attested or not applicable. An FR with no result at all takes <paramref name="unevaluated"/>'s level (a conduit,
    /// where only some FRs are evaluated, takes its target: nothing at the conduit lowers it), or 4 when null.
    /// </summary>
    public static SecurityLevelVector Achieved(IReadOnlyList<RequirementResult> results, SecurityLevelVector? unevaluated)
    {
        ArgumentNullException.ThrowIfNull(results);
        var levels = new int[7];
        foreach (var fr in Enum.GetValues<FoundationalRequirement>())
        {
            var ofFr = results.Where(r => r.Fr == fr).ToList();
            if (ofFr.Count == 0)
            {
                levels[(int)fr - 1] = unevaluated?[fr] ?? 4;
                continue;
            }

            var achieved = 0;
            for (var level = 1; level <= 4; level++)
            {
                if (ofFr.Where(r => r.Level == level).Any(r => !Satisfied(r.Status)))
                {
                    break;
                }

                achieved = level;
            }

            levels[(int)fr - 1] = achieved;
        }

        return SecurityLevelVector.Of(levels);
    }

    /// <summary>Whether a status counts towards an achieved level.</summary>
    public static bool Satisfied(RequirementStatus status) =>
        status is RequirementStatus.Met or RequirementStatus.Attested or RequirementStatus.NotApplicable;

    private static RequirementResult Evaluate(
        PlantFactBook book, Iec62443Requirement requirement, IReadOnlyList<Evidence> evidence, IReadOnlyCollection<ZoneId> zones, ComplianceSubject where)
    {
        var facts = evidence.Select(e => e.Fact).ToList();
        if (evidence.Any(e => e.Verdict == FactVerdict.Fails))
        {
            return new RequirementResult(requirement.Id, requirement.Title, requirement.Fr, requirement.Level, RequirementStatus.NotMet, facts);
        }

        if (evidence.Count > 0 && evidence.All(e => e.Verdict == FactVerdict.NotApplicable))
        {
            return new RequirementResult(requirement.Id, requirement.Title, requirement.Fr, requirement.Level, RequirementStatus.NotApplicable, facts);
        }

        if (evidence.Count > 0 && evidence.All(e => e.Verdict is FactVerdict.Holds or FactVerdict.NotApplicable))
        {
            return new RequirementResult(requirement.Id, requirement.Title, requirement.Fr, requirement.Level, RequirementStatus.Met, facts);
        }

        // Not observable, or the facts cannot tell: an attestation in force decides.
        var attestation = ComplianceAttestations.Find(book.Facts.Attestations, requirement.Id, book.Plant, zones, book.Now);
        facts.Add(AttestationFactFor(requirement.Id, attestation, book.Plant, where));
        return new RequirementResult(
            requirement.Id,
            requirement.Title,
            requirement.Fr,
            requirement.Level,
            attestation is null ? RequirementStatus.NotAttested : RequirementStatus.Attested,
            facts,
            attestation);
    }

    /// <summary>The fact that records an attestation in force, or that none is (naming what to attest as its subject).</summary>
    internal static ComplianceFact AttestationFactFor(string requirement, ComplianceAttestation? attestation, PlantId plant, ComplianceSubject where)
    {
        if (attestation is not null)
        {
            var expires = attestation.Expires is { } e ? $", until {Day(e)}" : string.Empty;
            return new ComplianceFact(
                AttestationFact,
                $"{attestation.By} attested {requirement} on {Day(attestation.At)} ({attestation.Evidence}{expires})",
                true,
                [new ComplianceSubject(EntityKind.Attestation, ComplianceAttestations.Key(attestation), attestation.Plant)]);
        }

        var zone = where.Kind == EntityKind.Zone ? $"/{where.Id}" : string.Empty;
        return new ComplianceFact(
            AttestationFact,
            $"ZtFleet cannot observe {requirement} for {Spell(where.Kind)} {where.Id}, and no attestation for it is in force",
            false,
            [new ComplianceSubject(EntityKind.Attestation, $"{requirement}@{plant}{zone}", plant)]);
    }

    private static string Spell(EntityKind kind) => kind switch
    {
        EntityKind.Zone => "zone",
        EntityKind.Conduit => "conduit",
        EntityKind.Plant => "plant",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
