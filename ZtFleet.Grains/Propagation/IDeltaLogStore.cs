namespace ZtFleet.Grains.Propagation;

/// <summary>
/// The durable delta log of every plant: the source of truth for propagation (streams are only the fast path).
/// An entry is stored before anyone is told of it.
/// </summary>
public interface IDeltaLogStore
{
    /// <summary>
    /// Stores <paramref name="record"/> at its epoch. When an entry with the same idempotency key exists, stores
    /// nothing and returns that entry's epoch as a duplicate. Throws <see cref="DeltaEpochConflictException"/>
    /// when the epoch is taken by another entry.
    /// </summary>
    Task<DeltaAppendResult> AppendAsync(string plant, DeltaRecord record, CancellationToken cancellationToken = default);

    /// <summary>Entries after <paramref name="afterEpoch"/>, in epoch order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DeltaRecord>> ReadAsync(string plant, long afterEpoch, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest stored epoch of the plant, 0 when its log is empty.</summary>
    Task<long> LastEpochAsync(string plant, CancellationToken cancellationToken = default);
}
