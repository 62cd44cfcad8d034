using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// One response step as the plant's response grain holds it: proposed, applied (or asked for), reverted, dismissed
/// or failed, with what triggered it and who acted.
/// </summary>
/// <param name="Id">Unique within its plant (<c>ra-</c> and a number).</param>
/// <param name="Plant">The plant.</param>
/// <param name="Step">The planned step (playbook, step, disposition, guard, key).</param>
/// <param name="Trigger">What fired it.</param>
/// <param name="Status">Where it is.</param>
/// <param name="ProposedAt">When the plan was made.</param>
public sealed record ResponseAction(
    string Id,
    PlantId Plant,
    PlannedStep Step,
    ResponseTriggerEvent Trigger,
    ResponseActionStatus Status,
    DateTimeOffset ProposedAt)
{
    /// <summary>When it was applied (or asked for).</summary>
    public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>Who applied it: <c>playbook:&lt;id&gt;</c>, or the person who applied a recommendation.</summary>
    public string? AppliedBy { get; init; }

    /// <summary>When it reverts by itself (applied time plus the step's time to live); null when it does not.</summary>
    public DateTimeOffset? RevertAt { get; init; }

    /// <summary>When it was reverted or dismissed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Who reverted or dismissed it (<c>playbook:&lt;id&gt;</c> at its time to live), and why.</summary>
    public string? ClosedBy { get; init; }

    /// <inheritdoc cref="ClosedBy"/>
    public string? ClosedReason { get; init; }

    /// <summary>Why applying or reverting failed.</summary>
    public string? Failure { get; init; }

    /// <summary>The quarantine it put in force or asked for (restrict-writes, isolate).</summary>
    public string? Quarantine { get; init; }

    /// <summary>The incident it belongs to (the detection id until an incident is known).</summary>
    public string Incident => Trigger.Incident ?? Trigger.Id;

    /// <summary>The actor the audit names: <c>playbook:&lt;id&gt;</c>.</summary>
    public string Actor => "playbook:" + Step.Playbook;

    /// <summary>
    /// Its key blocks the same step while it is proposed, asked for or in effect (until it reverts); an alert or a
    /// webhook, keyed by its trigger, blocks that trigger for good; a one-way revoke blocks nothing once done.
    /// </summary>
    public bool Active => Status is ResponseActionStatus.Proposed or ResponseActionStatus.AwaitingApproval
        || (Status == ResponseActionStatus.Applied
            && (RevertAt is not null || Step.Step.Kind is PlaybookStepKind.Alert or PlaybookStepKind.Webhook));

    /// <summary>Steps that change something that can be undone (and take a time to live).</summary>
    public static bool Reverts(PlaybookStepKind kind) =>
        kind is PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate or PlaybookStepKind.Lock or PlaybookStepKind.StepUpMfa;
}
