using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <summary>How a fleet document is applied.</summary>
/// <param name="DryRun">Compute and return the diff, change nothing.</param>
/// <param name="Prune">
/// The document is the whole fleet: plants and identities it does not mention are removed. Without it only the
/// plants it names are reconciled (everything inside them follows the document) and its identities upserted.
/// </param>
/// <param name="Actor">Who applies it, for the audit trail.</param>
/// <param name="Reason">Why, recorded in the fleet version (trimmed; null: none). Required by the policy key <c>requireChangeReason</c>.</param>
/// <param name="Ticket">The change ticket, recorded in the fleet version (trimmed; null: none).</param>
/// <param name="Source">Which call applies it, recorded in the fleet version.</param>
/// <param name="RollbackOf">For a rollback, the version whose document is applied again.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetApplyOptions")]
public sealed record FleetApplyOptions(
    [property: Id(0)] bool DryRun,
    [property: Id(1)] bool Prune,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Reason = null,
    [property: Id(4)] string? Ticket = null,
    [property: Id(5)] FleetVersionSource Source = FleetVersionSource.Apply,
    [property: Id(6)] long? RollbackOf = null)
{
    /// <summary>
    /// Environment-dependent rules the resulting fleet is validated with (plain-HTTP webhooks in Development); null:
    /// the production rules. The API passes what it validated the document with.
    /// </summary>
    [Id(10)]
    public FleetValidationOptions? Validation { get; init; }
}
