using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <summary>How a fleet document is applied.</summary>
/// <param name="DryRun">Compute and return the diff, change nothing.</param>
/// <param name="Prune">
/// The document is the whole fleet: plants and identities it does not mention are removed. Without it only the
/// plants it names are reconciled (everything inside them follows the document) and its identities upserted.
/// </param>
/// <param name="Actor">Who applies it, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetApplyOptions")]
public sealed record FleetApplyOptions(
    [property: Id(0)] bool DryRun,
    [property: Id(1)] bool Prune,
    [property: Id(2)] string Actor)
{
    /// <summary>
    /// Environment-dependent rules the resulting fleet is validated with (plain-HTTP webhooks in Development); null:
    /// the production rules. The API passes what it validated the document with.
    /// </summary>
    [Id(10)]
    public FleetValidationOptions? Validation { get; init; }
}
