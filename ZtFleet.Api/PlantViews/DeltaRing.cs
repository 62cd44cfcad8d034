using ZtFleet.Grains.Propagation;

namespace ZtFleet.Api.PlantViews;

/// <summary>
/// The most recent deltas a view applied, contiguous in epoch order, so that live watchers read them from memory;
/// a watcher further behind than the oldest one reads the plant's delta log instead.
/// </summary>
/// <remarks>One writer (the view's pump), any number of readers; a short lock guards both.</remarks>
internal sealed class DeltaRing(int capacity)
{
    private readonly DeltaRecord[] _items = new DeltaRecord[capacity];
    private readonly Lock _lock = new();
    private int _start;
    private int _count;

    /// <summary>The epoch just before the oldest record held: a cursor at or after it can be served from here.</summary>
    private long _baseEpoch;

    /// <summary>Forgets everything: the view jumped to <paramref name="epoch"/> without the records in between.</summary>
    public void Reset(long epoch)
    {
        lock (_lock)
        {
            Array.Clear(_items);
            _start = 0;
            _count = 0;
            _baseEpoch = epoch;
        }
    }

    /// <summary>Adds the next record (its epoch follows the last one held), dropping the oldest when full.</summary>
    public void Append(DeltaRecord record)
    {
        lock (_lock)
        {
            if (record.Epoch != _baseEpoch + _count + 1)
            {
                throw new InvalidOperationException($"Delta ring expects epoch {_baseEpoch + _count + 1}, not {record.Epoch}.");
            }

            if (_count == _items.Length)
            {
                _items[_start] = null!;
                _start = (_start + 1) % _items.Length;
                _count--;
                _baseEpoch++;
            }

            _items[(_start + _count) % _items.Length] = record;
            _count++;
        }
    }

    /// <summary>
    /// Copies up to <paramref name="max"/> records after <paramref name="cursor"/> into <paramref name="into"/>.
    /// False when the record right after the cursor is no longer (or not yet) held: read the log.
    /// </summary>
    public bool TryCopyAfter(long cursor, List<DeltaRecord> into, int max)
    {
        lock (_lock)
        {
            if (cursor < _baseEpoch)
            {
                return false;
            }

            var skip = cursor - _baseEpoch;
            for (var i = skip; i < _count && into.Count < max; i++)
            {
                into.Add(_items[(int)((_start + i) % _items.Length)]);
            }

            return true;
        }
    }
}
