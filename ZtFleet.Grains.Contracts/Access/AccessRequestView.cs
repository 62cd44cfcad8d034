using ZtFleet.Grains.Identities;

namespace ZtFleet.Grains.Access;

/// <summary>A request as the workflow holds it, with the epochs at which plants recorded its last effect.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.AccessRequestView")]
public sealed record AccessRequestView(
    [property: Id(0)] string RequestId,
    [property: Id(1)] AccessRequestSubmission Submission,
    [property: Id(2)] AccessRequestStatus Status,
    [property: Id(3)] int RequiredApprovals,
    [property: Id(4)] IReadOnlyList<AccessApproval> Approvals,
    [property: Id(5)] DateTimeOffset SubmittedAt,
    [property: Id(6)] string? ClosedBy,
    [property: Id(7)] string? ClosedReason,
    [property: Id(8)] IReadOnlyList<PlantEpoch> Epochs);
