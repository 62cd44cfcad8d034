using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Fleet;

/// <summary>A decided apply: the plants and identities that must commit it, and the fleet version to record for it.</summary>
/// <param name="ApplyId">The apply.</param>
/// <param name="Plants">The plants that must commit it.</param>
/// <param name="Identities">The identities that must commit it.</param>
/// <param name="Version">
/// The fleet version staged for it (<see cref="IFleetVersionStore"/>), recorded by the commit round; 0 for an apply
/// decided before versions existed (nothing to record).
/// </param>
[GenerateSerializer, Immutable, Alias("ztfleet.PendingApply")]
public sealed record PendingApply(
    [property: Id(0)] Guid ApplyId,
    [property: Id(1)] IReadOnlyList<PlantId> Plants,
    [property: Id(2)] IReadOnlyList<IdentityId> Identities,
    [property: Id(3)] long Version = 0);
