using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// Reads the fleet's versions (docs/fleet-versions.md) without queueing behind an apply: a stateless worker over the
/// version store, keyed <see cref="Hosting.GrainKeys.Fleet"/>. Only versions of decided applies are visible.
/// </summary>
[Alias("ztfleet.IFleetVersionsGrain")]
public interface IFleetVersionsGrain : IGrainWithStringKey
{
    /// <summary>Versions newest first: at most <paramref name="limit"/> numbered below <paramref name="before"/> (null: from the newest).</summary>
    Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Version <paramref name="number"/> with its document; null when there is no such version.</summary>
    Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default);

    /// <summary>
    /// The exact entity diff from version <paramref name="from"/> to version <paramref name="to"/>: what applying
    /// <paramref name="to"/>'s document as the whole fleet (prune) to <paramref name="from"/>'s would change, as an
    /// apply's dry run lists it.
    /// </summary>
    /// <exception cref="Refusals.NotFoundException">Either version does not exist.</exception>
    Task<IReadOnlyList<EntityChange>> DiffAsync(long from, long to, CancellationToken cancellationToken = default);
}
