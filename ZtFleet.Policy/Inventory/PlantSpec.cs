using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>Everything the fleet document says about one plant.</summary>
public sealed record PlantSpec(
    PlantId Id,
    string Name,
    string TimeZone,
    IReadOnlyList<ShiftSpec> Shifts,
    IReadOnlyList<ZoneSpec> Zones,
    IReadOnlyList<AssetSpec> Assets,
    IReadOnlyList<ConduitSpec> Conduits,
    IReadOnlyList<FlowSpec> Flows);
