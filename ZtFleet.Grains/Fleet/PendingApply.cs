using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Fleet;

/// <summary>A decided apply: the plants and identities that must commit it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PendingApply")]
public sealed record PendingApply(
    [property: Id(0)] Guid ApplyId,
    [property: Id(1)] IReadOnlyList<PlantId> Plants,
    [property: Id(2)] IReadOnlyList<IdentityId> Identities);
