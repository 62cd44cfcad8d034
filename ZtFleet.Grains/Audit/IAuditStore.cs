using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>Where audit records live: append-only, read in sequence order per scope.</summary>
public interface IAuditStore
{
    /// <summary>The last record of <paramref name="scope"/>, or null for an empty chain.</summary>
    Task<AuditRecord?> LastAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>Appends <paramref name="record"/> to <paramref name="scope"/>; its sequence must be the next one.</summary>
    Task AppendAsync(string scope, AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records of <paramref name="scope"/> after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(string scope, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="records"/> (consecutive sequences, the first the next one) to <paramref name="scope"/> in
    /// one write: all or none.
    /// </summary>
    Task AppendManyAsync(string scope, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);

    /// <summary>One page of the records of <paramref name="scope"/> that <paramref name="query"/> selects.</summary>
    Task<AuditPage> QueryAsync(string scope, AuditQuery query, CancellationToken cancellationToken = default);
}
