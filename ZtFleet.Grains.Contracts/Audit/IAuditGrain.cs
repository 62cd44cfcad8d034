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
}
