using System.Collections.Concurrent;

namespace ZtFleet.Grains.Propagation;

/// <summary>The delta log of development (memory) mode: lost at restart, like everything else there.</summary>
public sealed class InMemoryDeltaLogStore : IDeltaLogStore
{
    private readonly ConcurrentDictionary<string, List<DeltaRecord>> _plants = new();

    public Task<DeltaAppendResult> AppendAsync(string plant, DeltaRecord record, CancellationToken cancellationToken = default)
    {
        var log = _plants.GetOrAdd(plant, _ => []);
        lock (log)
        {
            if (record.IdempotencyKey is { } key && log.FirstOrDefault(r => r.IdempotencyKey == key) is { } existing)
            {
                return Task.FromResult(new DeltaAppendResult(existing.Epoch, Duplicate: true));
            }

            var expected = log.Count == 0 ? 1 : log[^1].Epoch + 1;
            if (record.Epoch != expected)
            {
                throw new DeltaEpochConflictException($"Plant '{plant}' log expects epoch {expected}, not {record.Epoch}.");
            }

            log.Add(record);
            return Task.FromResult(new DeltaAppendResult(record.Epoch, Duplicate: false));
        }
    }

    public Task<IReadOnlyList<DeltaRecord>> ReadAsync(string plant, long afterEpoch, int limit, CancellationToken cancellationToken = default)
    {
        var log = _plants.GetOrAdd(plant, _ => []);
        lock (log)
        {
            return Task.FromResult<IReadOnlyList<DeltaRecord>>(log.Where(r => r.Epoch > afterEpoch).Take(limit).ToList());
        }
    }

    public Task<long> LastEpochAsync(string plant, CancellationToken cancellationToken = default)
    {
        var log = _plants.GetOrAdd(plant, _ => []);
        lock (log)
        {
            return Task.FromResult(log.Count == 0 ? 0L : log[^1].Epoch);
        }
    }
}
