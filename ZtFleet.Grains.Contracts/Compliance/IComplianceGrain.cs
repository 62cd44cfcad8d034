using Orleans.Concurrency;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// The compliance of one scope, keyed by a plant id or <see cref="FleetScope"/> (docs/compliance.md): runs assessments
/// (on demand and when the schedule finds one due), stores them, and answers listings, comparisons and the improvement
/// plan from the store. One activation per scope, so assessments of a scope never run twice at once; reads interleave.
/// Assessments and status changes are audited in the scope's chain (the action's plant's for a status).
/// </summary>
[Alias("ztfleet.IComplianceGrain")]
public interface IComplianceGrain : IGrainWithStringKey
{
    /// <summary>The scope of fleet-wide assessments.</summary>
    const string FleetScope = "fleet";

    /// <summary>How many stored assessments "since when" reads back at most.</summary>
    const int MaxSeries = 400;

    /// <summary>Assesses the scope now, stores the assessment and audits it as <paramref name="actor"/>.</summary>
    /// <exception cref="Refusals.NotFoundException">The plant does not exist.</exception>
    /// <exception cref="Refusals.TemporarilyUnavailableException">No assessor is configured in this silo.</exception>
    Task<ComplianceAssessment> AssessAsync(string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Assesses the scope when its newest stored assessment is older than <paramref name="interval"/> (less
    /// <paramref name="tolerance"/>), or when it has none; the new assessment, or null when none was due.
    /// </summary>
    Task<ComplianceAssessment?> AssessIfDueAsync(TimeSpan interval, TimeSpan tolerance, CancellationToken cancellationToken = default);

    /// <summary>Stored assessments newest first, at most <paramref name="limit"/> (1 to 1000) with ids below <paramref name="before"/>.</summary>
    [AlwaysInterleave]
    Task<ComplianceAssessmentPage> ListAsync(string? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>A stored assessment; null (newest) for <paramref name="id"/> null. Null when there is none.</summary>
    [AlwaysInterleave]
    Task<ComplianceAssessment?> GetAsync(string? id, CancellationToken cancellationToken = default);

    /// <summary>What changed from assessment <paramref name="fromId"/> to <paramref name="toId"/>, each change dated over the stored series.</summary>
    /// <exception cref="Refusals.NotFoundException">Either assessment is not stored for the scope.</exception>
    [AlwaysInterleave]
    Task<ComplianceComparison> CompareAsync(string fromId, string toId, CancellationToken cancellationToken = default);

    /// <summary>The improvement plan of assessment <paramref name="id"/> (null: the newest), with the statuses in force now.</summary>
    /// <exception cref="Refusals.NotFoundException">No such assessment (or none at all).</exception>
    [AlwaysInterleave]
    Task<ImprovementPlan> GetPlanAsync(string? id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the status of action <paramref name="actionId"/> of the newest assessment's plan, as <paramref name="actor"/>,
    /// and audits it; the record stored.
    /// </summary>
    /// <exception cref="Refusals.InvalidRequestException">The change breaks <see cref="ActionStatusRules.Check"/>.</exception>
    /// <exception cref="Refusals.NotFoundException">The newest plan has no such action.</exception>
    Task<ActionStatusRecord> SetActionStatusAsync(
        string actionId, ActionStatus status, string? note, DateTimeOffset? riskAcceptedUntil, string actor, CancellationToken cancellationToken = default);

    /// <summary>Every status set on an action, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ActionStatusRecord>> GetActionHistoryAsync(string actionId, CancellationToken cancellationToken = default);
}
