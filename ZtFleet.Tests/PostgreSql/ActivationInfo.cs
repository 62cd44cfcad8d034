namespace ZtFleet.Tests.PostgreSql;

/// <summary>Identifies one grain activation: the silo hosting it and an id drawn when it activated.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.tests.ActivationInfo")]
public sealed record ActivationInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] Guid ActivationId);
