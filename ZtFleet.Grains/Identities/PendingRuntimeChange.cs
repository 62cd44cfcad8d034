namespace ZtFleet.Grains.Identities;

/// <summary>A runtime change the plants must record under <see cref="IdempotencyKey"/> before it counts as done.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PendingRuntimeChange")]
public sealed record PendingRuntimeChange(
    [property: Id(0)] IdentityRuntime Runtime,
    [property: Id(1)] string Reason,
    [property: Id(2)] string IdempotencyKey);
