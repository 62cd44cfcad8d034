using System.Collections.Concurrent;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>The checkpoint store of development (memory) mode: lost at restart, with the records it signs.</summary>
public sealed class InMemoryAuditCheckpointStore : IAuditCheckpointStore
{
    private readonly ConcurrentDictionary<string, SortedList<long, AuditCheckpoint>> _scopes = new();

    public Task AddAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var checkpoints = _scopes.GetOrAdd(checkpoint.Scope, _ => []);
        lock (checkpoints)
        {
            checkpoints.TryAdd(checkpoint.Sequence, checkpoint);
        }

        return Task.CompletedTask;
    }

    public Task<AuditCheckpoint?> LatestAsync(string scope, CancellationToken cancellationToken = default)
    {
        var checkpoints = _scopes.GetOrAdd(scope, _ => []);
        lock (checkpoints)
        {
            return Task.FromResult(checkpoints.Count == 0 ? null : checkpoints.Values[^1]);
        }
    }

    public Task<IReadOnlyList<AuditCheckpoint>> ListAsync(string scope, long from, long to, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var checkpoints = _scopes.GetOrAdd(scope, _ => []);
        lock (checkpoints)
        {
            return Task.FromResult<IReadOnlyList<AuditCheckpoint>>(checkpoints.Values
                .Where(c => c.Sequence >= from && c.Sequence <= to && c.Sequence > afterSequence)
                .Take(limit)
                .ToList());
        }
    }
}
