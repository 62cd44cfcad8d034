namespace ZtFleet.Grains.Quarantine;

/// <summary>One approver's approval of a quarantine or of its lift.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineApproval")]
public sealed record QuarantineApproval(
    [property: Id(0)] string Approver,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Comment);
