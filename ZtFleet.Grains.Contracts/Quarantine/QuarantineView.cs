using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Quarantine;

/// <summary>A quarantine as its workflow holds it.</summary>
/// <param name="Id">The quarantine id, unique within its plant (enforcement names the rule <c>quarantine:&lt;id&gt;</c>).</param>
/// <param name="SafetyRelated">The asset was safety-related when asked: two approvers for every step.</param>
/// <param name="RequiredApprovals">0 (takes effect at once) or 2 (safety-related).</param>
/// <param name="Supersedes">The restrict-writes quarantine this isolation tightens, if any.</param>
/// <param name="InForceSince">When the plant put it in force.</param>
/// <param name="Lift">The pending or approved lift.</param>
/// <param name="Epoch">The plant epoch at which its last effect (in force, lifted, dropped) was recorded; 0: none yet.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineView")]
public sealed record QuarantineView(
    [property: Id(0)] string Id,
    [property: Id(1)] QuarantineSubmission Submission,
    [property: Id(2)] QuarantineStatus Status,
    [property: Id(3)] bool SafetyRelated,
    [property: Id(4)] int RequiredApprovals,
    [property: Id(5)] IReadOnlyList<QuarantineApproval> Approvals,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] string? Supersedes,
    [property: Id(8)] DateTimeOffset? InForceSince,
    [property: Id(9)] QuarantineLift? Lift,
    [property: Id(10)] string? ClosedBy,
    [property: Id(11)] string? ClosedReason,
    [property: Id(12)] string? SupersededBy,
    [property: Id(13)] long Epoch)
{
    /// <summary>True while enforcement applies it (in force, or in force with a lift pending).</summary>
    public bool IsInForce => Status is QuarantineStatus.InForce or QuarantineStatus.LiftRequested;

    /// <summary>True once nothing more can happen to it.</summary>
    public bool IsClosed => Status is QuarantineStatus.Lifted or QuarantineStatus.Rejected or QuarantineStatus.Superseded or QuarantineStatus.Dropped;

    /// <summary>The value the plant holds while it is in force.</summary>
    public AssetQuarantine ToAssetQuarantine(DateTimeOffset since) =>
        new(Submission.Asset, Submission.Mode, Submission.AccessFrom, Id, since, Submission.Reason);
}
