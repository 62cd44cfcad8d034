using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// Fleet versions in memory (development mode): lost when the silo stops, as the memory grain state is. Parts are kept
/// once by hash, as in PostgreSQL.
/// </summary>
public sealed class InMemoryFleetVersionStore : IFleetVersionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Entry> _staged = [];
    private readonly SortedDictionary<long, Entry> _recorded = [];
    private long _partsWritten;

    /// <summary>How many distinct parts are stored (rows of <c>fleet_version_part</c>).</summary>
    public int PartCount
    {
        get
        {
            lock (_gate)
            {
                return _parts.Count;
            }
        }
    }

    /// <summary>How many part texts the fleet grain has handed to this store so far (rendered and new to it).</summary>
    public long PartsWritten => Interlocked.Read(ref _partsWritten);

    public Task StageAsync(FleetVersion version, IReadOnlyList<string> parts, IReadOnlyList<FleetDocumentPart> newParts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(newParts);
        lock (_gate)
        {
            foreach (var part in newParts)
            {
                _parts.TryAdd(part.Hash, part.Text);
            }

            Interlocked.Add(ref _partsWritten, newParts.Count);
            var missing = parts.FirstOrDefault(h => !_parts.ContainsKey(h));
            if (missing is not null)
            {
                throw new InvalidOperationException($"Fleet version {version.Number} names part {missing}, which is not stored.");
            }

            if (!_recorded.Values.Any(v => v.Version.ApplyId == version.ApplyId))
            {
                _staged[version.ApplyId] = new Entry(version, parts.ToList());
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

            if (!_staged.Remove(applyId, out var entry))
            {
                throw new InvalidOperationException($"No fleet version is staged for apply {applyId}.");
            }

            if (_recorded.ContainsKey(entry.Version.Number))
            {
                throw new InvalidOperationException($"Fleet version {entry.Version.Number} is already recorded for another apply.");
            }

            _recorded[entry.Version.Number] = entry;
            foreach (var orphan in _staged.Values.Where(v => v.Version.Number <= entry.Version.Number).Select(v => v.Version.ApplyId).ToList())
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
            return Task.FromResult(_recorded.TryGetValue(number, out var entry)
                ? new FleetVersionDocument(entry.Version, string.Concat(entry.Parts.Select(h => _parts[h])))
                : null);
        }
    }

    private sealed record Entry(FleetVersion Version, IReadOnlyList<string> Parts);
}
