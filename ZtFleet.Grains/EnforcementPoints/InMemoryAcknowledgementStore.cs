using System.Collections.Concurrent;

namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>The acknowledgement history in memory (development mode): lost when the silo stops.</summary>
public sealed class InMemoryAcknowledgementStore : IAcknowledgementStore
{
    private readonly ConcurrentDictionary<string, SortedList<long, DateTimeOffset>> _points = new(StringComparer.Ordinal);

    public Task AppendAsync(string point, long epoch, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var history = _points.GetOrAdd(point, _ => []);
        lock (history)
        {
            history.TryAdd(epoch, at);
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> FirstAtOrAfterAsync(string point, long epoch, CancellationToken cancellationToken = default)
    {
        if (!_points.TryGetValue(point, out var history))
        {
            return Task.FromResult<DateTimeOffset?>(null);
        }

        lock (history)
        {
            foreach (var (acknowledged, at) in history)
            {
                if (acknowledged >= epoch)
                {
                    return Task.FromResult<DateTimeOffset?>(at);
                }
            }
        }

        return Task.FromResult<DateTimeOffset?>(null);
    }

    public Task PruneAsync(string point, int keep, CancellationToken cancellationToken = default)
    {
        if (_points.TryGetValue(point, out var history))
        {
            lock (history)
            {
                while (history.Count > keep)
                {
                    history.RemoveAt(0);
                }
            }
        }

        return Task.CompletedTask;
    }
}
