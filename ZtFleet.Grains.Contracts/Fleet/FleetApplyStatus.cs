using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Fleet;

/// <summary>How far one decided apply has got; the fleet grain keeps the last <c>20</c> of them.</summary>
/// <param name="ApplyId">The apply.</param>
/// <param name="State">Committing until every plant and identity has committed, then committed.</param>
/// <param name="Generation">The fleet generation the apply produced.</param>
/// <param name="Plants">The plants it changes (added, changed or removed), so a plant admin's scope can be checked.</param>
/// <param name="PlantsCommitted">How many of <paramref name="Plants"/> have committed.</param>
/// <param name="IdentitiesTotal">How many identities it changes.</param>
/// <param name="IdentitiesCommitted">How many of those have committed.</param>
/// <param name="LastError">Why the last commit round did not finish, in a short sentence; null when none failed.</param>
/// <param name="StartedAt">When the apply was decided.</param>
/// <param name="UpdatedAt">When this status last changed.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetApplyStatus")]
public sealed record FleetApplyStatus(
    [property: Id(0)] Guid ApplyId,
    [property: Id(1)] FleetApplyState State,
    [property: Id(2)] long Generation,
    [property: Id(3)] IReadOnlyList<PlantId> Plants,
    [property: Id(4)] int PlantsCommitted,
    [property: Id(5)] int IdentitiesTotal,
    [property: Id(6)] int IdentitiesCommitted,
    [property: Id(7)] string? LastError,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt);
