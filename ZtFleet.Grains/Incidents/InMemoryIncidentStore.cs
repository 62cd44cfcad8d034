using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>The incident store of development (memory) mode: lost at restart, like everything else there.</summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<PlantId, long> _cursors = [];
    private readonly Lock _lock = new();
    private long _sequence;
    private long _revision;

    public Task<IncidentStoreState> LoadAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var active = _incidents.Values.Where(i => i.Status != IncidentStatus.Closed && i.Updated >= activeSince).ToList();
            return Task.FromResult(new IncidentStoreState(_sequence, _revision, new Dictionary<PlantId, long>(_cursors), active));
        }
    }

    public Task SaveAsync(IncidentWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_lock)
        {
            foreach (var incident in write.Incidents)
            {
                _incidents[incident.Id] = incident;
            }

            foreach (var (plant, revision) in write.Cursors)
            {
                _cursors[plant] = revision;
            }

            _sequence = Math.Max(_sequence, write.Sequence);
            _revision = Math.Max(_revision, write.Revision);
        }

        return Task.CompletedTask;
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_incidents.GetValueOrDefault(id));
        }
    }

    public Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var page = _incidents.Values
                .Where(query.Matches)
                .Where(i => query.After is not { } after || after.Precedes(i))
                .OrderByDescending(i => i.Opened.ToUnixTimeMilliseconds())
                .ThenByDescending(i => i.Id, StringComparer.Ordinal)
                .Take(query.Limit + 1)
                .ToList();
            var more = page.Count > query.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            return Task.FromResult(new IncidentPage(page, more ? IncidentCursor.After(page[^1]) : null));
        }
    }

    public Task<IReadOnlyList<Incident>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Incident>>(_incidents.Values.Where(i => i.Revision > revision).OrderBy(i => i.Revision).Take(limit).ToList());
        }
    }
}
