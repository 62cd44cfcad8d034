using ZtFleet.Grains.Export;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The detection store of development (memory) mode: lost at restart, like everything else there. Appends the export
/// records of what it stores to <paramref name="outbox"/> when it has one.
/// </summary>
public sealed class InMemoryDetectionStore(IExportOutbox? outbox = null) : IDetectionStore
{
    private readonly Dictionary<string, Detection> _detections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<(long Sequence, long Revision)> LastAsync(PlantId plant, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var of = _detections.Values.Where(d => d.Plant == plant).ToList();
            return Task.FromResult(of.Count == 0
                ? (0L, 0L)
                : (of.Max(d => DetectionQuery.SequenceOf(d.Id) ?? 0), of.Max(d => d.Revision)));
        }
    }

    public Task<IReadOnlyList<Detection>> InForceAsync(PlantId plant, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Detection>>(_detections.Values.Where(d => d.Plant == plant && d.InForce).OrderBy(Sequence).ToList());
        }
    }

    public async Task SaveAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detections);
        Save(detections);
        if (outbox is not null && detections.Count > 0)
        {
            await outbox.AppendAsync(detections.Select(ExportRecords.From).ToList(), cancellationToken);
        }
    }

    private void Save(IReadOnlyList<Detection> detections)
    {
        lock (_lock)
        {
            var after = new Dictionary<string, Detection>(_detections, StringComparer.Ordinal);
            foreach (var detection in detections)
            {
                after[detection.Id] = detection;
            }

            // What PostgreSQL's partial unique index refuses: two detections in force with one key at one plant.
            var duplicate = after.Values.Where(d => d.InForce).GroupBy(d => (d.Plant, d.Finding.Key)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new StorageFailedException(StorageFailures.Detections, "23505", $"The {StorageFailures.Detections} save failed, SQLSTATE 23505; see the silo's log.");
            }

            foreach (var detection in detections)
            {
                _detections[detection.Id] = detection;
            }
        }

    }

    public Task<Detection?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_detections.GetValueOrDefault(id));
        }
    }

    public Task<DetectionPage> ListAsync(DetectionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var matching = _detections.Values.Where(query.Matches).OrderByDescending(Sequence).ToList();
            var page = matching
                .Where(d => query.BeforeSequence is not { } before || Sequence(d) < before)
                .Take(query.Limit + 1)
                .ToList();
            var more = page.Count > query.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            return Task.FromResult(new DetectionPage(page, matching.Count, more ? Sequence(page[^1]) : null));
        }
    }

    public Task<IReadOnlyList<Detection>> ChangedAfterAsync(PlantId plant, long revision, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Detection>>(_detections.Values
                .Where(d => d.Plant == plant && d.Revision > revision)
                .OrderBy(d => d.Revision)
                .Take(limit)
                .ToList());
        }
    }

    private static long Sequence(Detection detection) => DetectionQuery.SequenceOf(detection.Id) ?? 0;
}
