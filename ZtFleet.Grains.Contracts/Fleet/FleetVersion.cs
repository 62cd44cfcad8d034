using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <summary>One committed apply of the fleet: what the fleet became, who made it so, when and why (docs/fleet-versions.md).</summary>
/// <param name="Number">The version number: 1, 2, …, the fleet generation the apply produced.</param>
/// <param name="ApplyId">The apply that made it (as <c>GetApplyStatus</c> knows it).</param>
/// <param name="DocumentHash">SHA-256 of the document text, lowercase hex (<see cref="FleetVersionHash"/>).</param>
/// <param name="Actor">Who applied it.</param>
/// <param name="At">When the apply was decided (control-plane clock).</param>
/// <param name="Reason">Why; null when none was given.</param>
/// <param name="Ticket">The change ticket; null when none was given.</param>
/// <param name="Source">Which call made it.</param>
/// <param name="RollbackOf">For a rollback, the version it applied again; otherwise null.</param>
/// <param name="Added">Entities the apply added.</param>
/// <param name="Changed">Entities the apply changed.</param>
/// <param name="Removed">Entities the apply removed.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetVersion")]
public sealed record FleetVersion(
    [property: Id(0)] long Number,
    [property: Id(1)] Guid ApplyId,
    [property: Id(2)] string DocumentHash,
    [property: Id(3)] string Actor,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? Ticket,
    [property: Id(7)] FleetVersionSource Source,
    [property: Id(8)] long? RollbackOf,
    [property: Id(9)] int Added,
    [property: Id(10)] int Changed,
    [property: Id(11)] int Removed);
