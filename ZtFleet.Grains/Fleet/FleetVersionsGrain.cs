using Orleans.Concurrency;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <inheritdoc cref="IFleetVersionsGrain"/>
[StatelessWorker]
[GrainType("fleet-versions")]
public sealed class FleetVersionsGrain(IFleetVersionStore store) : Grain, IFleetVersionsGrain
{
    public Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default) =>
        store.ListAsync(before, limit, cancellationToken);

    public Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default) =>
        store.GetAsync(number, cancellationToken);

    public async Task<IReadOnlyList<EntityChange>> DiffAsync(long from, long to, CancellationToken cancellationToken = default)
    {
        var before = await ReadAsync(from, cancellationToken);
        var after = from == to ? before : await ReadAsync(to, cancellationToken);

        // Each version is the whole fleet: what the later one does to the earlier is a prune apply.
        return FleetDiff.Compute(before, after, prune: true);
    }

    private async Task<FleetDocument> ReadAsync(long number, CancellationToken cancellationToken)
    {
        var version = await store.GetAsync(number, cancellationToken) ?? throw new NotFoundException($"Fleet version {number}");
        var read = FleetDocumentReader.Read(version.Document);
        return read.Document is { } document && read.IsValid
            ? document
            : throw new InvalidOperationException($"Fleet version {number} does not read back as a valid document ({read.Violations.Count} problems); the version store is damaged.");
    }
}
