using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Export;

/// <summary>The outbox in memory, for development runs and tests with memory storage: lost when the process ends.</summary>
public sealed class InMemoryExportOutbox : IExportOutbox
{
    private readonly object _gate = new();
    private readonly List<ExportRecord> _records = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportRecord>> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            var stored = new List<ExportRecord>(records.Count);
            foreach (var record in records)
            {
                var positioned = record with { Position = _records.Count + 1 };
                _records.Add(positioned);
                stored.Add(positioned);
            }

            return Task.FromResult<IReadOnlyList<ExportRecord>>(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportRecord>> ReadAsync(long position, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            var start = (int)Math.Min(position, _records.Count);
            var count = Math.Min(limit, _records.Count - start);
            return Task.FromResult<IReadOnlyList<ExportRecord>>(_records.GetRange(start, count));
        }
    }
}
