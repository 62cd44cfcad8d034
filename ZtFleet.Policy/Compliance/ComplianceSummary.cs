using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// What a listing of stored assessments shows of each, and the points of the trend: how many zones reach their SL-T on
/// every foundational requirement, how many requirements (of zones and conduits) are not met or not attested, how many
/// applicable Annex A controls are implemented or attested, and the stage of every maturity pillar.
/// </summary>
public sealed record ComplianceSummary(
    string Id,
    PlantId? Plant,
    DateTimeOffset At,
    long FleetVersion,
    int Zones,
    int ZonesAtTarget,
    int RequirementsFailing,
    int ControlsApplicable,
    int ControlsImplemented,
    IReadOnlyDictionary<MaturityPillar, MaturityStage> Maturity)
{
    /// <summary>The summary of <paramref name="assessment"/>.</summary>
    public static ComplianceSummary Of(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var requirements = assessment.Zones.SelectMany(z => z.Requirements).Concat(assessment.Conduits.SelectMany(c => c.Requirements));
        var applicable = assessment.Controls.Where(c => c.Applicable && c.Status != ControlStatus.NotApplicable).ToList();
        return new ComplianceSummary(
            assessment.Id,
            assessment.Plant,
            assessment.At,
            assessment.FleetVersion,
            assessment.Zones.Count,
            assessment.Zones.Count(z => MeetsTarget(z.Target, z.Achieved)),
            requirements.Count(r => IsFailing(r.Status)),
            applicable.Count,
            applicable.Count(c => c.Status is ControlStatus.Implemented or ControlStatus.Attested),
            assessment.Maturity.GroupBy(m => m.Pillar).ToDictionary(g => g.Key, g => g.Min(m => m.Stage)));
    }

    /// <summary>True when <paramref name="achieved"/> reaches <paramref name="target"/> on every foundational requirement.</summary>
    public static bool MeetsTarget(SecurityLevelVector target, SecurityLevelVector achieved)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(achieved);
        return Enum.GetValues<FoundationalRequirement>().All(fr => achieved[fr] >= target[fr]);
    }

    /// <summary>True for a requirement status that is a gap (not met, or unobservable without an attestation in force).</summary>
    public static bool IsFailing(RequirementStatus status) => status is RequirementStatus.NotMet or RequirementStatus.NotAttested;

    /// <summary>True for a control status that is a gap (applicable and not, or only partly, implemented).</summary>
    public static bool IsFailing(ControlStatus status) => status is ControlStatus.NotImplemented or ControlStatus.PartiallyImplemented;
}
