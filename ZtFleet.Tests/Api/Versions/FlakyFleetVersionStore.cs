using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Versions;

namespace ZtFleet.Tests.Api.Versions;

/// <summary>
/// A version store (the memory one unless <see cref="Inner"/> is set, for example to each new silo's PostgreSQL one),
/// made to refuse staging or recording on demand, as a database that is away.
/// </summary>
public sealed class FlakyFleetVersionStore : IFleetVersionStore
{
    private int _stageFailures;
    private int _recordFailures;

    /// <summary>The store that answers when no failure is due.</summary>
    public IFleetVersionStore Inner { get; set; } = new InMemoryFleetVersionStore();

    /// <summary>The next <paramref name="times"/> stagings fail.</summary>
    public void FailStaging(int times) => Volatile.Write(ref _stageFailures, times);

    /// <summary>The next <paramref name="times"/> recordings fail.</summary>
    public void FailRecording(int times) => Volatile.Write(ref _recordFailures, times);

    public Task StageAsync(FleetVersion version, IReadOnlyList<string> parts, IReadOnlyList<FleetDocumentPart> newParts, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _stageFailures) >= 0 ? Task.FromException(Unavailable()) : Inner.StageAsync(version, parts, newParts, cancellationToken);

    public Task RecordAsync(Guid applyId, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _recordFailures) >= 0 ? Task.FromException(Unavailable()) : Inner.RecordAsync(applyId, cancellationToken);

    public Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default) => Inner.ListAsync(before, limit, cancellationToken);

    public Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default) => Inner.GetAsync(number, cancellationToken);

    private static StorageUnavailableException Unavailable() => new("The fleet-versions store is unavailable (test); retry shortly.");
}
