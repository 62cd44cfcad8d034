using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Zones;

/// <summary>What a zone grain holds: its facts, its member assets and the conduits that touch it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.ZoneState")]
public sealed record ZoneState(
    [property: Id(0)] PlantId Plant,
    [property: Id(1)] ZoneSpec Zone,
    [property: Id(2)] IReadOnlyList<AssetId> Members,
    [property: Id(3)] IReadOnlyList<ConduitSpec> Conduits);
