using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The outbox in memory, for development runs and tests with memory storage: lost when the process ends, and bounded
/// (<see cref="Capacity"/> records; the oldest go first) since nothing deletes what was read.
/// </summary>
public sealed class InMemoryExportOutbox : IExportOutbox
{
    /// <summary>How many records are kept by default.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly object _gate = new();
    private readonly List<ExportRecord> _records = [];
    private long _dropped;

    /// <summary>An outbox keeping the last <see cref="DefaultCapacity"/> records.</summary>
    public InMemoryExportOutbox()
        : this(DefaultCapacity)
    {
    }

    /// <summary>An outbox keeping the last <paramref name="capacity"/> records.</summary>
    public InMemoryExportOutbox(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>How many records are kept at most.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportRecord>> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            var stored = new List<ExportRecord>(records.Count);
            foreach (var record in records)
            {
                var positioned = record with { Position = _dropped + _records.Count + 1 };
                _records.Add(positioned);
                stored.Add(positioned);
            }

            if (_records.Count > Capacity)
            {
                var excess = _records.Count - Capacity;
                _records.RemoveRange(0, excess);
                _dropped += excess;
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
            var start = (int)Math.Clamp(position - _dropped, 0, _records.Count);
            var count = Math.Min(limit, _records.Count - start);
            return Task.FromResult<IReadOnlyList<ExportRecord>>(_records.GetRange(start, count));
        }
    }
}
