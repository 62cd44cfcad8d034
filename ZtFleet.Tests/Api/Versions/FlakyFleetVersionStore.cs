using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Tests.Api.Versions;

/// <summary>The memory version store, made to refuse staging or recording on demand (as a database that is away).</summary>
public sealed class FlakyFleetVersionStore : IFleetVersionStore
{
    private readonly InMemoryFleetVersionStore _inner = new();
    private int _stageFailures;
    private int _recordFailures;

    /// <summary>The next <paramref name="times"/> stagings fail.</summary>
    public void FailStaging(int times) => Volatile.Write(ref _stageFailures, times);

    /// <summary>The next <paramref name="times"/> recordings fail.</summary>
    public void FailRecording(int times) => Volatile.Write(ref _recordFailures, times);

    public Task StageAsync(FleetVersionDocument version, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _stageFailures) >= 0 ? Task.FromException(Unavailable()) : _inner.StageAsync(version, cancellationToken);

    public Task RecordAsync(Guid applyId, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _recordFailures) >= 0 ? Task.FromException(Unavailable()) : _inner.RecordAsync(applyId, cancellationToken);

    public Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default) => _inner.ListAsync(before, limit, cancellationToken);

    public Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default) => _inner.GetAsync(number, cancellationToken);

    private static StorageUnavailableException Unavailable() => new("The fleet-versions store is unavailable (test); retry shortly.");
}
