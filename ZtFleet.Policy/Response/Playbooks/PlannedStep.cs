using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>One step of a response plan: which playbook step, on what, and what the plan does with it.</summary>
/// <param name="Playbook">The playbook's id.</param>
/// <param name="Index">The step's position in the playbook (0-based, document order).</param>
/// <param name="Step">The step as declared.</param>
/// <param name="Disposition">Applied, asked for (approvers), or recommended.</param>
/// <param name="Guard">What turned a declared <c>auto</c> into something else (or <see cref="StepGuard.Declared"/>).</param>
/// <param name="Reason">The guard's reason in a sentence; null with <see cref="StepGuard.None"/>.</param>
/// <param name="Key">
/// What makes two plans' steps the same: <c>playbook/index/target</c> (the asset or identity it acts on; the trigger
/// id for steps that act on neither). A step whose key is in force is not planned again.
/// </param>
public sealed record PlannedStep(
    string Playbook,
    int Index,
    PlaybookStep Step,
    StepDisposition Disposition,
    StepGuard Guard,
    string? Reason,
    string Key)
{
    /// <summary>The asset it acts on (restrict-writes, isolate).</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The identity it acts on (step-up-mfa, revoke-grants, lock).</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>True when the playbook acts by itself (applied or asked for): it counts against the hourly limit.</summary>
    public bool Automatic => Disposition is StepDisposition.Apply or StepDisposition.RequestApproval;
}
