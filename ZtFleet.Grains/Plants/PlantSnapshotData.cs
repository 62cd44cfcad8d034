using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// What a plant view needs to build a <c>PlantSnapshot</c>: the definition, the identities that may act at the
/// plant with their runtime state, and the epoch all of it reflects.
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantSnapshotData")]
public sealed record PlantSnapshotData(
    [property: Id(0)] PlantDefinition Definition,
    [property: Id(1)] IReadOnlyList<IdentityAtPlant> Identities,
    [property: Id(2)] long Epoch);
