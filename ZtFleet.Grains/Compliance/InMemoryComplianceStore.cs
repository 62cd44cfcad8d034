using System.Text.Json;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Assessments and action statuses in memory (development mode): lost when the silo stops, as the memory grain state
/// is. Assessments are kept as JSON, as PostgreSQL keeps them, so both modes hand out copies.
/// </summary>
public sealed class InMemoryComplianceStore : IComplianceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, Entry>> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionStatusRecord> _statuses = new(StringComparer.Ordinal);
    private readonly List<ActionStatusRecord> _history = [];

    public Task AddAsync(string scope, ComplianceAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var entry = new Entry(ComplianceSummary.Of(assessment), ComplianceItem.StateOf(assessment), JsonSerializer.Serialize(assessment, ZtFleetSerialization.JsonOptions));
        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var entries))
            {
                _scopes[scope] = entries = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
            }

            entries[assessment.Id] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<ComplianceAssessment?> GetAsync(string scope, string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_scopes.TryGetValue(scope, out var entries) && entries.TryGetValue(id, out var entry)
                ? JsonSerializer.Deserialize<ComplianceAssessment>(entry.Json, ZtFleetSerialization.JsonOptions)
                : null);
        }
    }

    public Task<ComplianceAssessmentPage> ListAsync(string scope, string? before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var page = (_scopes.TryGetValue(scope, out var entries) ? entries.Values.Reverse() : [])
                .Where(e => before is null || string.CompareOrdinal(e.Summary.Id, before) < 0)
                .Take(limit + 1)
                .Select(e => e.Summary)
                .ToList();
            var next = page.Count > limit ? page[limit - 1].Id : null;
            return Task.FromResult(new ComplianceAssessmentPage(page.Take(limit).ToList(), next));
        }
    }

    public Task<IReadOnlyList<ComplianceStatePoint>> SeriesAsync(string scope, string toId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ComplianceStatePoint> series = (_scopes.TryGetValue(scope, out var entries) ? entries.Values.Reverse() : [])
                .Where(e => string.CompareOrdinal(e.Summary.Id, toId) <= 0)
                .Take(limit)
                .Select(e => new ComplianceStatePoint(e.Summary.Id, e.Summary.At, e.State))
                .ToList();
            return Task.FromResult(series);
        }
    }

    public Task<IReadOnlyDictionary<string, ActionStatusRecord>> StatusesAsync(IReadOnlyCollection<string> actionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actionIds);
        lock (_gate)
        {
            IReadOnlyDictionary<string, ActionStatusRecord> found = actionIds
                .Distinct(StringComparer.Ordinal)
                .Where(_statuses.ContainsKey)
                .ToDictionary(id => id, id => _statuses[id], StringComparer.Ordinal);
            return Task.FromResult(found);
        }
    }

    public Task SetStatusAsync(ActionStatusRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _statuses[record.ActionId] = record;
            _history.Add(record);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActionStatusRecord>> HistoryAsync(string actionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ActionStatusRecord> history = _history.Where(r => r.ActionId == actionId).ToList();
            return Task.FromResult(history);
        }
    }

    private sealed record Entry(ComplianceSummary Summary, IReadOnlyDictionary<string, string> State, string Json);
}
