using System.Collections.Concurrent;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Grains.Monitoring;

/// <summary>Observed flows in memory (development mode): lost when the silo stops.</summary>
public sealed class InMemoryObservedFlowStore : IObservedFlowStore
{
    private readonly ConcurrentDictionary<string, Dictionary<string, ObservedFlow>> _plants = new(StringComparer.Ordinal);

    public Task AddAsync(string plant, IReadOnlyCollection<ObservedFlow> increments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(increments);
        var flows = _plants.GetOrAdd(plant, _ => new Dictionary<string, ObservedFlow>(StringComparer.Ordinal));
        lock (flows)
        {
            foreach (var increment in increments)
            {
                // The later record's ends win, as in PostgreSQL (an asset's address may have changed).
                flows[increment.Key] = flows.TryGetValue(increment.Key, out var kept)
                    ? ObservedFlows.Merge(kept, increment) with { Source = increment.Source, Destination = increment.Destination }
                    : increment;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ObservedFlow>> LoadAsync(string plant, int limit, CancellationToken cancellationToken = default)
    {
        if (!_plants.TryGetValue(plant, out var flows))
        {
            return Task.FromResult<IReadOnlyList<ObservedFlow>>([]);
        }

        lock (flows)
        {
            return Task.FromResult<IReadOnlyList<ObservedFlow>>(
                [.. flows.Values.OrderByDescending(f => f.LastSeen).ThenBy(f => f.Key, StringComparer.Ordinal).Take(limit)]);
        }
    }
}
