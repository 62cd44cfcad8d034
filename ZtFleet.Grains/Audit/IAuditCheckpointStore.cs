using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>Where signed checkpoints live (<c>db/0009_audit_checkpoints.sql</c>): append-only, per scope by sequence.</summary>
public interface IAuditCheckpointStore
{
    /// <summary>Keeps <paramref name="checkpoint"/>; a second one at the same scope and sequence is ignored.</summary>
    Task AddAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint of <paramref name="scope"/> with the highest sequence, or null.</summary>
    Task<AuditCheckpoint?> LatestAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checkpoints of <paramref name="scope"/> with sequences <paramref name="from"/> to <paramref name="to"/> and after
    /// <paramref name="afterSequence"/>, in sequence order, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<AuditCheckpoint>> ListAsync(string scope, long from, long to, long afterSequence, int limit, CancellationToken cancellationToken = default);
}
