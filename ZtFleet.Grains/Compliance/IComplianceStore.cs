using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Where assessments and the statuses of improvement actions are kept (<c>db/0010_compliance.sql</c>, or memory in
/// development), outside grain state. A scope is a plant id or <c>fleet</c>; each scope's compliance grain is the only
/// writer of its assessments. Assessment ids are time-ordered within a scope (see <see cref="ComplianceGrain.NewId"/>).
/// </summary>
public interface IComplianceStore
{
    /// <summary>Stores <paramref name="assessment"/> of <paramref name="scope"/> with its summary and state.</summary>
    Task AddAsync(string scope, ComplianceAssessment assessment, CancellationToken cancellationToken = default);

    /// <summary>Assessment <paramref name="id"/> of <paramref name="scope"/>, or null.</summary>
    Task<ComplianceAssessment?> GetAsync(string scope, string id, CancellationToken cancellationToken = default);

    /// <summary>Summaries newest first: at most <paramref name="limit"/> with ids below <paramref name="before"/> (null: from the newest).</summary>
    Task<ComplianceAssessmentPage> ListAsync(string scope, string? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>The states of at most <paramref name="limit"/> assessments up to and including <paramref name="toId"/>, newest first.</summary>
    Task<IReadOnlyList<ComplianceStatePoint>> SeriesAsync(string scope, string toId, int limit, CancellationToken cancellationToken = default);

    /// <summary>The statuses set on the actions among <paramref name="actionIds"/>, by action id.</summary>
    Task<IReadOnlyDictionary<string, ActionStatusRecord>> StatusesAsync(IReadOnlyCollection<string> actionIds, CancellationToken cancellationToken = default);

    /// <summary>Sets an action's status and appends it to the action's history, in one transaction.</summary>
    Task SetStatusAsync(ActionStatusRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every status set on <paramref name="actionId"/>, oldest first.</summary>
    Task<IReadOnlyList<ActionStatusRecord>> HistoryAsync(string actionId, CancellationToken cancellationToken = default);
}
