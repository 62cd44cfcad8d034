using System.Collections.Concurrent;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>The audit store of development (memory) mode: lost at restart, like everything else there.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly ConcurrentDictionary<string, List<AuditRecord>> _scopes = new();

    public Task<AuditRecord?> LastAsync(string scope, CancellationToken cancellationToken = default)
    {
        var records = _scopes.GetOrAdd(scope, _ => []);
        lock (records)
        {
            return Task.FromResult(records.Count == 0 ? null : records[^1]);
        }
    }

    public Task AppendAsync(string scope, AuditRecord record, CancellationToken cancellationToken = default)
    {
        var records = _scopes.GetOrAdd(scope, _ => []);
        lock (records)
        {
            var expected = records.Count == 0 ? 1 : records[^1].Sequence + 1;
            if (record.Sequence != expected)
            {
                throw new InvalidOperationException($"Audit scope '{scope}' expected sequence {expected}, got {record.Sequence}.");
            }

            records.Add(record);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(string scope, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var records = _scopes.GetOrAdd(scope, _ => []);
        lock (records)
        {
            return Task.FromResult<IReadOnlyList<AuditRecord>>(records.Where(r => r.Sequence > afterSequence).Take(limit).ToList());
        }
    }

    public Task AppendManyAsync(string scope, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        var stored = _scopes.GetOrAdd(scope, _ => []);
        lock (stored)
        {
            var expected = stored.Count == 0 ? 1 : stored[^1].Sequence + 1;
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Sequence != expected + i)
                {
                    throw new InvalidOperationException($"Audit scope '{scope}' expected sequence {expected + i}, got {records[i].Sequence}.");
                }
            }

            stored.AddRange(records);
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(string scope, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var records = _scopes.GetOrAdd(scope, _ => []);
        List<AuditRecord> page;
        lock (records)
        {
            IEnumerable<AuditRecord> ordered = query.OldestFirst
                ? records.Where(r => query.Cursor is not { } after || r.Sequence > after)
                : Enumerable.Reverse(records).Where(r => query.Cursor is not { } before || r.Sequence < before);
            page = ordered.Where(query.Matches).Take(query.Limit + 1).ToList();
        }

        var more = page.Count > query.Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return Task.FromResult(new AuditPage(page, more ? page[^1].Sequence : null));
    }
}
