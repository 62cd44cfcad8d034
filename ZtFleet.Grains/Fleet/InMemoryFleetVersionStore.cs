namespace ZtFleet.Grains.Fleet;

/// <summary>Fleet versions in memory (development mode): lost when the silo stops, as the memory grain state is.</summary>
public sealed class InMemoryFleetVersionStore : IFleetVersionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, FleetVersionDocument> _staged = [];
    private readonly SortedDictionary<long, FleetVersionDocument> _recorded = [];

    public Task StageAsync(FleetVersionDocument version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_gate)
        {
            if (!_recorded.Values.Any(v => v.Version.ApplyId == version.Version.ApplyId))
            {
                _staged[version.Version.ApplyId] = version;
            }
        }

        return Task.CompletedTask;
    }

    public Task RecordAsync(Guid applyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_recorded.Values.Any(v => v.Version.ApplyId == applyId))
            {
                return Task.CompletedTask;
            }

            if (!_staged.Remove(applyId, out var version))
            {
                throw new InvalidOperationException($"No fleet version is staged for apply {applyId}.");
            }

            if (_recorded.ContainsKey(version.Version.Number))
            {
                throw new InvalidOperationException($"Fleet version {version.Version.Number} is already recorded for another apply.");
            }

            _recorded[version.Version.Number] = version;
            foreach (var orphan in _staged.Values.Where(v => v.Version.Number <= version.Version.Number).Select(v => v.Version.ApplyId).ToList())
            {
                _staged.Remove(orphan);
            }
        }

        return Task.CompletedTask;
    }

    public Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var page = _recorded.Values.Reverse()
                .Where(v => before is null || v.Version.Number < before)
                .Take(limit + 1)
                .Select(v => v.Version)
                .ToList();
            var next = page.Count > limit ? page[limit - 1].Number : (long?)null;
            return Task.FromResult(new FleetVersionPage(page.Take(limit).ToList(), _recorded.Count, next));
        }
    }

    public Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_recorded.GetValueOrDefault(number));
        }
    }
}
