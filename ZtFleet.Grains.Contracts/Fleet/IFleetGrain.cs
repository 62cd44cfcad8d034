using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// The fleet: the registry of plants and identities and the entry point of every fleet document.
/// There is one, keyed <see cref="Hosting.GrainKeys.Fleet"/>.
/// </summary>
[Alias("ztfleet.IFleetGrain")]
public interface IFleetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="desired"/> against the whole resulting fleet, computes the exact diff and, unless
    /// it is a dry run, applies it to every plant and identity it touches: all of it or nothing.
    /// </summary>
    Task<FleetApplyResult> ApplyAsync(FleetDocument desired, FleetApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>The current fleet as a document (what <see cref="ApplyAsync"/> compares against).</summary>
    Task<FleetDocument> ExportAsync(CancellationToken cancellationToken = default);

    /// <summary>Plants and identities known to the fleet, and the generation of the last applied document.</summary>
    Task<FleetOverview> GetOverviewAsync(CancellationToken cancellationToken = default);
}
