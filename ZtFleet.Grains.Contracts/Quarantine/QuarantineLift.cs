namespace ZtFleet.Grains.Quarantine;

/// <summary>A request to lift a quarantine in force, and its approvals.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineLift")]
public sealed record QuarantineLift(
    [property: Id(0)] QuarantineActor RequestedBy,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] int RequiredApprovals,
    [property: Id(4)] IReadOnlyList<QuarantineApproval> Approvals);
