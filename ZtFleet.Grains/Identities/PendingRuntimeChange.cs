using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Identities;

/// <summary>A runtime change the plants must record under <see cref="IdempotencyKey"/> before it counts as done.</summary>
/// <remarks>
/// <see cref="OnlyAt"/> names the only plants whose view of the identity the change alters (an MFA that counts at one
/// plant); null: every plant where the identity may act.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ztfleet.PendingRuntimeChange")]
public sealed record PendingRuntimeChange(
    [property: Id(0)] IdentityRuntime Runtime,
    [property: Id(1)] string Reason,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] IReadOnlyList<PlantId>? OnlyAt = null);
