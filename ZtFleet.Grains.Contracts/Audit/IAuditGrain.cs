using Orleans.Concurrency;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>
/// The audit chain of one scope: a plant id, or <see cref="FleetScope"/>. One activation orders the appends, so
/// the chain never forks even with many API replicas writing.
/// </summary>
[Alias("ztfleet.IAuditGrain")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>The scope of fleet-wide events (identities, documents spanning plants, rejected requests).</summary>
    const string FleetScope = "fleet";

    /// <summary>Appends <paramref name="entry"/> durably and returns its sequence number.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Records after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Re-reads the whole chain; the sequence of the first record that fails its hash, or null.</summary>
    Task<long?> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>The most entries one <see cref="AppendBatchAsync"/> takes.</summary>
    const int MaxBatch = 10_000;

    /// <summary>The most records one <see cref="VerifyRangeAsync"/> reads; a longer range is verified up to there.</summary>
    const long MaxVerifyRange = 1_000_000;

    /// <summary>
    /// Appends <paramref name="entries"/> in order, durably and in one store write (all or none); the last sequence, or
    /// the head's when the batch is empty.
    /// </summary>
    Task<long> AppendBatchAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The head as this chain's activation knows it (after loading it from the store when it had not).</summary>
    [ReadOnly]
    Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of the records <paramref name="query"/> selects.</summary>
    [ReadOnly]
    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies records <paramref name="from"/> to <paramref name="to"/> (0: the head, or the last signed checkpoint when
    /// that is higher) against their hashes, their links, the signed checkpoints and the known head; see
    /// <see cref="AuditChain.Verify"/>. At most <see cref="MaxVerifyRange"/> records are read: the answer's To says where
    /// it stopped.
    /// </summary>
    [ReadOnly]
    Task<AuditVerification> VerifyRangeAsync(long from, long to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs the head now when it moved since the last checkpoint (what the reminder does every interval); the latest
    /// checkpoint afterwards, or null when none exists (an empty chain, or no signing key configured).
    /// </summary>
    Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>Checkpoints with sequences <paramref name="from"/> to <paramref name="to"/> after <paramref name="afterSequence"/>, in order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AuditCheckpoint>> ListCheckpointsAsync(long from, long to, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The public key that signs checkpoints, or null when none is configured.</summary>
    [ReadOnly]
    Task<AuditSigningKey?> GetSigningKeyAsync(CancellationToken cancellationToken = default);
}
