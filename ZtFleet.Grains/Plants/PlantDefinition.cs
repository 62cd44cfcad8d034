using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Plants;

/// <summary>A plant as the fleet document defines it, with the identities assigned to it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantDefinition")]
public sealed record PlantDefinition(
    [property: Id(0)] PlantSpec Spec,
    [property: Id(1)] IReadOnlyList<IdentitySpec> Identities);
