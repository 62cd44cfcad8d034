using System.Text.Json;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Audit;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Audit;

/// <summary>Writes the API's audit records to the chain of the plant they concern (or the fleet's).</summary>
public sealed class AuditWriter(IClusterClient cluster, ControlPlaneClock time)
{
    /// <summary>
    /// An applied change: one record per plant it touched, and one at fleet scope for the whole. With a fleet
    /// <paramref name="version"/>, each record also names it, with its reason and change ticket.
    /// </summary>
    public async Task ChangedAsync(
        Caller caller, string action, IReadOnlyList<EntityChange> changes, long generation, long? version = null, string? reason = null, string? ticket = null)
    {
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var plant in changes.Where(c => c.PlantId is not null).GroupBy(c => c.PlantId!))
        {
            await AppendAsync(plant.Key, caller.ToString(), action, plant.Key, "applied", Detail(generation, plant.ToList(), version, reason, ticket));
        }

        await AppendAsync(null, caller.ToString(), action, "fleet", "applied", Detail(generation, changes, version, reason, ticket));
    }

    /// <summary>A change made by <paramref name="caller"/> at <paramref name="plant"/> (null: fleet scope).</summary>
    public Task RecordAsync(Caller caller, PlantId? plant, string action, string target, string outcome, object detail) =>
        AppendAsync(plant?.Value, caller.ToString(), action, target, outcome, JsonSerializer.Serialize(detail));

    /// <summary>A refused request: who, what, why (with the field violations when there are any).</summary>
    public Task RefusedAsync(string actor, string action, string outcome, string message, IReadOnlyList<Violation> violations) =>
        AppendAsync(null, actor, action, "fleet", outcome, JsonSerializer.Serialize(new
        {
            message,
            violations = violations.Select(v => new { field = v.Field, description = v.Description }),
        }));

    /// <summary>
    /// Refusals that were counted, not audited one by one (<see cref="RefusalThrottle"/>): how many, between which two,
    /// and the last one's message and field violations. The outcome is the status, as for a single refusal.
    /// </summary>
    public Task RefusalsSummarizedAsync(RefusalSummary summary) =>
        AppendAsync(null, summary.Key.Who, summary.Key.Method, "fleet", summary.Key.Status, JsonSerializer.Serialize(new
        {
            message = summary.Message,
            count = summary.Count,
            first = summary.First,
            last = summary.Last,
            individually = summary.Individually,
            lastMessage = summary.LastMessage,
            violations = summary.LastViolations.Select(v => new { field = v.Field, description = v.Description }),
        }));

    private Task<long> AppendAsync(string? plant, string actor, string action, string target, string outcome, string detail) =>
        cluster.GetGrain<IAuditGrain>(plant ?? IAuditGrain.FleetScope)
            .AppendAsync(new AuditEntry(plant, time.GetUtcNow(), actor, action, target, outcome, detail));

    private static string Detail(long generation, IReadOnlyList<EntityChange> changes, long? version, string? reason, string? ticket) =>
        version is null
            ? Detail(generation, changes)
            : JsonSerializer.Serialize(new
            {
                generation,
                version,
                reason,
                ticket,
                added = changes.Count(c => c.Change == ChangeKind.Added),
                changed = changes.Count(c => c.Change == ChangeKind.Changed),
                removed = changes.Count(c => c.Change == ChangeKind.Removed),
                changes = Listed(changes),
            });

    private static IEnumerable<string> Listed(IReadOnlyList<EntityChange> changes) =>
        changes.Take(200).Select(c => $"{c.Change.ToString().ToLowerInvariant()} {c.Kind.ToString().ToLowerInvariant()} {(c.PlantId is null ? "" : c.PlantId + "/")}{c.Id}");

    private static string Detail(long generation, IReadOnlyList<EntityChange> changes) => JsonSerializer.Serialize(new
    {
        generation,
        added = changes.Count(c => c.Change == ChangeKind.Added),
        changed = changes.Count(c => c.Change == ChangeKind.Changed),
        removed = changes.Count(c => c.Change == ChangeKind.Removed),
        changes = changes.Take(200).Select(c => $"{c.Change.ToString().ToLowerInvariant()} {c.Kind.ToString().ToLowerInvariant()} {(c.PlantId is null ? "" : c.PlantId + "/")}{c.Id}"),
    });
}
