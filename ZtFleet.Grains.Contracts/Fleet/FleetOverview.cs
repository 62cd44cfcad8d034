using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Fleet;

/// <summary>What the fleet registry holds.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetOverview")]
public sealed record FleetOverview(
    [property: Id(0)] string Name,
    [property: Id(1)] long Generation,
    [property: Id(2)] IReadOnlyList<PlantId> Plants,
    [property: Id(3)] IReadOnlyList<IdentityId> Identities);
