using ZtFleet.Policy.Compliance.Facts;

namespace ZtFleet.Policy.Compliance.Maturity;

/// <summary>
/// Places plants on the CISA ZTMM v2 stages: a criterion is met when every fact it reads holds (or does not apply); a
/// pillar reaches the highest stage whose criteria, and those of every lower stage, are all met. For several plants
/// (the fleet) a criterion is met only when it is met at every plant, so the fleet's stage per pillar is the lowest
/// stage of its plants, and the facts name the plants that hold it back. Pure: time is a parameter.
/// </summary>
public static class MaturityEvaluator
{
    /// <summary>The stage of every pillar and capability over <paramref name="plants"/> (one: a plant; all: the fleet).</summary>
    public static IReadOnlyList<PillarMaturity> Assess(IReadOnlyList<PlantComplianceFacts> plants, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plants);
        return Assess(plants.Select(p => new PlantFactBook(p, now)).ToList());
    }

    internal static IReadOnlyList<PillarMaturity> Assess(IReadOnlyList<PlantFactBook> books) =>
        Enum.GetValues<MaturityPillar>().Select(pillar =>
        {
            var criteria = MaturityCatalogue.All.Where(c => c.Pillar == pillar).Select(c =>
            {
                var evidence = books.SelectMany(b => c.Facts.Select(b.AtPlant)).ToList();
                var met = books.Count > 0 && evidence.All(e => e.Verdict is FactVerdict.Holds or FactVerdict.NotApplicable);
                return new MaturityCriterion(c.Id, c.Pillar, c.Stage, c.Statement, met, evidence.Select(e => e.Fact).ToList());
            }).ToList();
            return new PillarMaturity(pillar, Stage(criteria), criteria);
        }).ToList();

    /// <summary>The highest stage whose criteria and those of every lower stage are met (Traditional at least).</summary>
    public static MaturityStage Stage(IReadOnlyList<MaturityCriterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var reached = MaturityStage.Traditional;
        foreach (var stage in new[] { MaturityStage.Initial, MaturityStage.Advanced, MaturityStage.Optimal })
        {
            if (criteria.Where(c => c.Stage == stage).Any(c => !c.Met))
            {
                break;
            }

            reached = stage;
        }

        return reached;
    }
}
