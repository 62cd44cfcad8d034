using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>The plant's definition (zones, assets, shifts, maintenance windows), the fleet's roles or policy changed.</summary>
public sealed record PlantDefinitionChanged(
    long Epoch,
    DateTimeOffset At,
    PlantSpec Plant,
    IReadOnlyList<RoleSpec> Roles,
    FleetPolicy Policy) : PlantDelta(Epoch, At);
