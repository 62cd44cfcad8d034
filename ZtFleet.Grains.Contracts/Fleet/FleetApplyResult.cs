using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <summary>The outcome of applying a fleet document.</summary>
/// <param name="Applied">True when changes were made (false for a dry run, no changes, or violations).</param>
/// <param name="Generation">The fleet generation after the call (increments with every applied change).</param>
/// <param name="Changes">The exact diff, per entity.</param>
/// <param name="Violations">Why nothing was applied; empty on success.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetApplyResult")]
public sealed record FleetApplyResult(
    [property: Id(0)] bool Applied,
    [property: Id(1)] long Generation,
    [property: Id(2)] IReadOnlyList<EntityChange> Changes,
    [property: Id(3)] IReadOnlyList<Violation> Violations);
