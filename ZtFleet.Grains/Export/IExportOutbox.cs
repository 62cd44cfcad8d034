using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The durable outbox of records on their way to SIEM destinations (PostgreSQL's outbox table, or memory in
/// development). Producers append; the exporter in the API reads in position order and keeps one cursor per
/// destination, so delivery is at least once and in order per plant.
/// </summary>
public interface IExportOutbox
{
    /// <summary>
    /// Appends the records, all or none, and returns them with their positions. When this returns, the records survive
    /// a crash of any process.
    /// </summary>
    Task<IReadOnlyList<ExportRecord>> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records after <paramref name="position"/>, in position order.</summary>
    Task<IReadOnlyList<ExportRecord>> ReadAsync(long position, int limit, CancellationToken cancellationToken = default);
}
