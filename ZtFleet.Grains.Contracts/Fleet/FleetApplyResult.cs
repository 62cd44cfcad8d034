using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <summary>The outcome of applying a fleet document.</summary>
/// <param name="Applied">True when changes were made (false for a dry run, no changes, or violations).</param>
/// <param name="Generation">The fleet generation after the call (increments with every applied change).</param>
/// <param name="Changes">
/// The exact diff, per entity. Empty when the same document is sent again while its apply still commits: the first
/// answer carried it.
/// </param>
/// <param name="Violations">Why nothing was applied; empty on success.</param>
/// <param name="ApplyId">The apply the answer is about; null when nothing was applied.</param>
/// <param name="State">
/// <see cref="FleetApplyState.Committed"/> when every plant and identity holds the document (including when it was
/// already in force), <see cref="FleetApplyState.Committing"/> while the decided apply is still being committed,
/// <see cref="FleetApplyState.None"/> for a dry run or violations.
/// </param>
/// <param name="Version">
/// The fleet version the apply made (docs/fleet-versions.md), also when the same document is sent again while it
/// commits; null when nothing was applied.
/// </param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetApplyResult")]
public sealed record FleetApplyResult(
    [property: Id(0)] bool Applied,
    [property: Id(1)] long Generation,
    [property: Id(2)] IReadOnlyList<EntityChange> Changes,
    [property: Id(3)] IReadOnlyList<Violation> Violations,
    [property: Id(4)] Guid? ApplyId = null,
    [property: Id(5)] FleetApplyState State = FleetApplyState.None,
    [property: Id(6)] long? Version = null);
