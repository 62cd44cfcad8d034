using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Response;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Incidents;

/// <inheritdoc cref="IIncidentCorrelatorGrain"/>
/// <remarks>
/// <para>
/// Holds the incidents correlation may still join (not closed, changed within <see cref="ActiveHorizon"/>) in memory;
/// the store has every incident. Each input (a plant's batch of detections, a batch of parts, a person's change) is
/// one turn: correlate every part, give each changed incident the next revision once, append one export record per
/// changed incident to the outbox, store incidents, cursors and counters in one transaction, then publish one notice.
/// A failed write deactivates the grain, so the next call starts again from the store; detections are then read again
/// from the detection store after the plant's cursor (at least once into the outbox, never lost).
/// </para>
/// <para>
/// Why the plant monitor calls this grain directly after storing (instead of a subscription to
/// <c>detections/{plant}</c>): memory streams lose what is in flight when a silo dies, and an explicit subscription
/// would need this grain to know every plant in advance. The call is one-way (the monitor does not wait), carries the
/// batch's revisions, and a gap (a lost call, a restart) is filled from the detection store by the plant's cursor: on
/// the plant's next batch, at activation, and every <see cref="SweepPeriod"/>.
/// </para>
/// </remarks>
[GrainType("incident-correlator")]
public sealed partial class IncidentCorrelatorGrain(
    IIncidentStore store,
    IDetectionStore detections,
    IExportOutbox outbox,
    IResponseSettingsSource response,
    ControlPlaneClock time,
    ILogger<IncidentCorrelatorGrain> logger) : Grain, IIncidentCorrelatorGrain
{
    /// <summary>How long the fleet's correlation window (<c>response.correlationWindowMinutes</c>) is used before it is read again.</summary>
    public static readonly TimeSpan SettingsRefresh = TimeSpan.FromSeconds(30);

    private TimeSpan? _window;
    private DateTimeOffset _windowReadAt;

    /// <summary>Incidents not changed for longer than this are not joined any more (far beyond any correlation window).</summary>
    public static readonly TimeSpan ActiveHorizon = TimeSpan.FromDays(1);

    /// <summary>How often every plant's detection store is checked for what a lost call did not bring.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How long a plant's topology is used before its definition is read again.</summary>
    public static readonly TimeSpan TopologyRefresh = TimeSpan.FromSeconds(30);

    private const int CatchUpPage = 500;

    private readonly Dictionary<string, Incident> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<PlantId, long> _cursors = [];
    private readonly Dictionary<PlantId, (PlantTopology Topology, DateTimeOffset ReadAt)> _topology = [];
    private long _sequence;
    private long _revision;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(time.GetUtcNow() - ActiveHorizon, cancellationToken);
        (_sequence, _revision) = (loaded.Sequence, loaded.Revision);
        foreach (var (plant, revision) in loaded.Cursors)
        {
            _cursors[plant] = revision;
        }

        foreach (var incident in loaded.Active)
        {
            _active[incident.Id] = incident;
        }

        this.RegisterGrainTimer(
            ct => SweepAsync(ct),
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromSeconds(1), Period = SweepPeriod, KeepAlive = true });
    }

    public async Task OfferDetectionsAsync(PlantId plant, IReadOnlyList<Detection> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var cursor = _cursors.GetValueOrDefault(plant);
        var fresh = offered.Where(d => d.Plant == plant && d.Revision > cursor).OrderBy(d => d.Revision).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        if (fresh[0].Revision != cursor + 1 || !Contiguous(fresh))
        {
            // Something before this batch did not arrive: the store has it, and this batch too.
            await CatchUpAsync(plant, CancellationToken.None);
            return;
        }

        await TakeDetectionsAsync(plant, fresh, CancellationToken.None);
    }

    public async Task AddPartsAsync(IReadOnlyList<IncidentPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var accepted = parts.Where(p => p.Kind is IncidentPartKind.Quarantine or IncidentPartKind.Access && p.Plant is not null).ToList();
        if (accepted.Count < parts.Count)
        {
            LogPartsIgnored(logger, parts.Count - accepted.Count);
        }

        if (accepted.Count > 0)
        {
            await CorrelateAsync(accepted, new Dictionary<PlantId, long>(), CancellationToken.None);
        }
    }

    public async Task<string?> IncidentOfDetectionAsync(PlantId plant, string detectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(detectionId);
        if (Holding(plant, detectionId) is { } incident)
        {
            return incident;
        }

        await CatchUpAsync(plant, cancellationToken);
        return Holding(plant, detectionId);
    }

    private string? Holding(PlantId plant, string detectionId) =>
        _active.Values.FirstOrDefault(i => i.Status != IncidentStatus.Closed
            && i.Parts.Any(p => p.Kind == IncidentPartKind.Detection && p.Plant == plant && p.Reference == detectionId))?.Id;

    public async Task<Incident> AttachResponseAsync(string incidentId, IncidentPart step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind != IncidentPartKind.Response || string.IsNullOrWhiteSpace(step.Reference) || string.IsNullOrWhiteSpace(step.Actor))
        {
            throw new InvalidRequestException("A response step has kind response, a reference and an actor (playbook:ID).");
        }

        var incident = await RequireAsync(incidentId, cancellationToken);
        var earlier = incident.Parts.Where(p => p.Kind == IncidentPartKind.Response && p.Reference == step.Reference).ToList();
        var without = earlier.Count == 0 ? incident : incident with { Parts = incident.Parts.Except(earlier).ToList() };
        return await ChangeAsync(IncidentChanges.Attach(without, step), cancellationToken);
    }

    public async Task<Incident> AssignAsync(string incidentId, string owner, string actor, CancellationToken cancellationToken = default)
    {
        var incident = await RequireOpenAsync(incidentId, "assigned", cancellationToken);
        return await ChangeAsync(IncidentChanges.Assign(incident, owner, actor, time.GetUtcNow()), cancellationToken);
    }

    public async Task<Incident> CommentAsync(string incidentId, string actor, string text, PlantId? plant, CancellationToken cancellationToken = default)
    {
        var incident = await RequireAsync(incidentId, cancellationToken);
        return await ChangeAsync(IncidentChanges.Comment(incident, actor, text, plant, time.GetUtcNow()), cancellationToken);
    }

    public async Task<Incident> CloseAsync(string incidentId, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var incident = await RequireOpenAsync(incidentId, "closed", cancellationToken);
        return await ChangeAsync(IncidentChanges.Close(incident, actor, reason, time.GetUtcNow()), cancellationToken);
    }

    public Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default) => store.GetAsync(incidentId, cancellationToken);

    public Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.ListAsync(query with { Limit = Math.Clamp(query.Limit, 1, IncidentQuery.MaxLimit) }, cancellationToken);
    }

    public Task<IReadOnlyList<Incident>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default) =>
        store.ChangedAfterAsync(revision, Math.Clamp(limit, 1, IncidentQuery.MaxLimit), cancellationToken);

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_revision);

    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var plants = new HashSet<PlantId>(_cursors.Keys);
        try
        {
            plants.UnionWith((await GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(cancellationToken)).Plants);
        }
        catch (Exception ex)
        {
            LogSweepFailed(logger, ex, "the fleet's plants could not be read");
        }

        foreach (var plant in plants)
        {
            // An index range read after the cursor (detection_plant_revision): nothing new reads nothing.
            await CatchUpAsync(plant, cancellationToken);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogSweepFailed(logger, ex, "catching up from the detection store failed");
        }
    }

    private async Task CatchUpAsync(PlantId plant, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await detections.ChangedAfterAsync(plant, _cursors.GetValueOrDefault(plant), CatchUpPage, cancellationToken);
            if (page.Count > 0)
            {
                await TakeDetectionsAsync(plant, page, cancellationToken);
            }

            if (page.Count < CatchUpPage)
            {
                return;
            }
        }
    }

    private Task TakeDetectionsAsync(PlantId plant, IReadOnlyList<Detection> batch, CancellationToken cancellationToken)
    {
        // Only detections in force are material; one that was closed before it was correlated adds nothing, and a
        // change of one already in an incident updates its part.
        var parts = batch.Where(d => d.InForce).Select(IncidentParts.Of).ToList();
        var cursors = new Dictionary<PlantId, long> { [plant] = batch.Max(d => d.Revision) };
        return CorrelateAsync(parts, cursors, cancellationToken);
    }

    private async Task CorrelateAsync(IReadOnlyList<IncidentPart> parts, Dictionary<PlantId, long> cursors, CancellationToken cancellationToken)
    {
        var window = await CorrelationWindowAsync(cancellationToken);
        var horizon = time.GetUtcNow() - ActiveHorizon;
        foreach (var stale in _active.Values.Where(i => i.Updated < horizon).Select(i => i.Id).ToList())
        {
            _active.Remove(stale);
        }

        var changed = new Dictionary<string, Incident>(StringComparer.Ordinal);
        var sequence = _sequence;
        var working = new Dictionary<string, Incident>(_active, StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var topology = await TopologyAsync(working.Values.SelectMany(i => i.Plants).Append(part.Plant!.Value), cancellationToken);
            var correlation = IncidentCorrelator.Correlate([.. working.Values], part, topology, window, IncidentIds.Format(sequence + 1));
            if (correlation.Opened)
            {
                sequence++;
            }

            foreach (var incident in correlation.Changed)
            {
                changed[incident.Id] = incident;
                if (incident.Status == IncidentStatus.Closed)
                {
                    working.Remove(incident.Id);
                }
                else
                {
                    working[incident.Id] = incident;
                }
            }
        }

        var fired = changed.Values.Select(i => (Incident: i, Rules: IncidentTriggers.Fired(_active.GetValueOrDefault(i.Id), i))).ToList();
        var saved = await SaveAsync(changed.Values.ToList(), cursors, sequence, cancellationToken);
        TellResponse(saved, fired.Where(f => f.Rules.Count > 0).ToDictionary(f => f.Incident.Id, f => f.Rules, StringComparer.Ordinal));
    }

    /// <summary>
    /// One one-way call per plant of each incident whose change fired incident rules, so the plants' response grains
    /// run the playbooks that trigger on them (docs/response.md). A call lost with a silo is not made again.
    /// </summary>
    private void TellResponse(IReadOnlyList<Incident> saved, Dictionary<string, IReadOnlyList<IncidentRule>> fired)
    {
        foreach (var incident in saved)
        {
            if (!fired.TryGetValue(incident.Id, out var rules))
            {
                continue;
            }

            foreach (var plant in incident.Plants)
            {
                try
                {
                    _ = GrainFactory.GetGrain<IResponseGrain>(GrainKeys.Plant(plant)).HandleIncidentAsync(incident, rules);
                }
                catch (Exception ex)
                {
                    LogSweepFailed(logger, ex, $"incident {incident.Id} could not be offered to {plant}'s response");
                }
            }
        }
    }

    private async Task<Incident> ChangeAsync(Incident incident, CancellationToken cancellationToken)
    {
        var saved = await SaveAsync([incident], new Dictionary<PlantId, long>(), _sequence, cancellationToken);
        return saved[0];
    }

    /// <summary>Revisions, outbox, store, memory, notice: in that order (see the class remarks).</summary>
    private async Task<IReadOnlyList<Incident>> SaveAsync(
        IReadOnlyList<Incident> changed, Dictionary<PlantId, long> cursors, long sequence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revision = _revision;
        var numbered = changed.Select(i => i with { Revision = ++revision, Updated = i.Updated > now ? i.Updated : now }).ToList();
        var moved = cursors.Where(c => c.Value > _cursors.GetValueOrDefault(c.Key)).ToDictionary();
        if (numbered.Count == 0 && moved.Count == 0)
        {
            return numbered;
        }

        try
        {
            if (numbered.Count > 0)
            {
                await outbox.AppendAsync([.. numbered.Select(i => ExportOf(i, now))], cancellationToken);
            }

            await store.SaveAsync(new IncidentWrite(numbered, moved, sequence, revision), cancellationToken);
        }
        catch
        {
            // This activation's memory may be ahead of the store: start again from it.
            DeactivateOnIdle();
            throw;
        }

        (_sequence, _revision) = (sequence, revision);
        foreach (var (plant, at) in moved)
        {
            _cursors[plant] = at;
        }

        foreach (var incident in numbered)
        {
            if (incident.Status == IncidentStatus.Closed)
            {
                _active.Remove(incident.Id);
            }
            else
            {
                _active[incident.Id] = incident;
            }
        }

        if (numbered.Count > 0)
        {
            await PublishAsync(new IncidentChanged(revision, [.. numbered.Select(i => i.Id)]));
        }

        return numbered;
    }

    private static ExportRecord ExportOf(Incident incident, DateTimeOffset now) =>
        new(
            ExportKind.Incident,
            incident.Plants.Count == 1 ? incident.Plants[0].Value : null,
            now,
            incident.Severity,
            JsonSerializer.Serialize(incident, ZtFleetSerialization.JsonOptions));

    private async Task PublishAsync(IncidentChanged notice)
    {
        try
        {
            await this.GetStreamProvider(IncidentStreams.Provider).GetStream<IncidentChanged>(IncidentStreams.Fleet).OnNextAsync(notice);
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, ex, notice.Revision);
        }
    }

    private async Task<Incident> RequireAsync(string incidentId, CancellationToken cancellationToken) =>
        _active.GetValueOrDefault(incidentId)
        ?? await store.GetAsync(incidentId, cancellationToken)
        ?? throw new NotFoundException($"Incident '{incidentId}'");

    private async Task<Incident> RequireOpenAsync(string incidentId, string becoming, CancellationToken cancellationToken)
    {
        var incident = await RequireAsync(incidentId, cancellationToken);
        return incident.Status != IncidentStatus.Closed
            ? incident
            : throw new PreconditionFailedException(
                $"Incident '{incidentId}' is already closed{(incident.MergedInto is { } into ? $" (merged into '{into}')" : string.Empty)}: it cannot be {becoming}.");
    }

    /// <summary>
    /// The fleet's correlation window. The fleet document's <c>response:</c> section carries it; until the fleet grain
    /// exposes the applied section, the default (one hour) is used.
    /// </summary>
    /// <summary>The applied <c>response:</c> section's correlation window, read from the fleet at most every <see cref="SettingsRefresh"/>.</summary>
    private async Task<TimeSpan> CorrelationWindowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_window is not { } window || now - _windowReadAt >= SettingsRefresh || now < _windowReadAt)
        {
            window = (await response.GetAsync(cancellationToken)).CorrelationWindow;
            (_window, _windowReadAt) = (window, now);
        }

        return window;
    }

    private async Task<IncidentTopology> TopologyAsync(IEnumerable<PlantId> plants, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = new List<PlantTopology>();
        foreach (var plant in plants.Distinct())
        {
            if (!_topology.TryGetValue(plant, out var cached) || now - cached.ReadAt >= TopologyRefresh || now < cached.ReadAt)
            {
                PlantTopology topology;
                try
                {
                    var definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetDefinitionAsync(cancellationToken);
                    topology = definition is null ? PlantTopology.Unknown(plant) : PlantTopology.From(definition.Spec);
                }
                catch (Exception ex)
                {
                    // Correlation goes on without zones and safety rather than not at all.
                    LogTopologyFailed(logger, ex, plant.Value);
                    topology = cached.Topology ?? PlantTopology.Unknown(plant);
                }

                cached = (topology, now);
                _topology[plant] = cached;
            }

            result.Add(cached.Topology);
        }

        return new IncidentTopology(result);
    }

    private static bool Contiguous(List<Detection> sorted)
    {
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Revision != sorted[i - 1].Revision + 1)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} incident part(s) were ignored: only quarantines and access events of a plant are added this way")]
    private static partial void LogPartsIgnored(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident sweep: {What}")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incidents up to revision {Revision} were stored but the notice could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The topology of plant {Plant} could not be read; correlation uses what it had (or none)")]
    private static partial void LogTopologyFailed(ILogger logger, Exception exception, string plant);
}
