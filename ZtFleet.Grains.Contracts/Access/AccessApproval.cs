namespace ZtFleet.Grains.Access;

/// <summary>One approver's decision on a request.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.AccessApproval")]
public sealed record AccessApproval(
    [property: Id(0)] string Approver,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Comment);
