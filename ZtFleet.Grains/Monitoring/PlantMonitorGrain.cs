using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <inheritdoc cref="IPlantMonitorGrain"/>
/// <remarks>
/// <para>
/// The only writer of its plant's detections. At activation it loads the detections in force (one per key) and the
/// plant's last sequence number and revision from the store; from then on it numbers new detections
/// (<c>{plant}-{n}</c>) and changes (revisions) itself, writes each batch's new and changed detections in one store
/// call, then publishes them on <c>detections/{plantId}</c> and answers; trust is fed after the answer, in order. A
/// failed store write deactivates the grain, so the next call starts again from what the store has.
/// </para>
/// <para>
/// Trust: a new detection about an asset or an identity adds a <see cref="TrustFactorKind.Detection"/> factor (an
/// off-shift access, a <see cref="TrustFactorKind.OffShift"/> factor on the identity), with the detection id as its
/// source; closing or learning it removes the factor. Trust is a derived view: a failed trust call is logged, and the
/// detection stays stored. An activation feeds every detection in force again, so a factor lost with a silo between
/// the detection's storage and its feed is set at the next activation.
/// </para>
/// </remarks>
[GrainType("plant-monitor")]
public sealed partial class PlantMonitorGrain(
    [PersistentState("plant-monitor", ProviderNames.Storage)] IPersistentState<PlantMonitorState> state,
    IDetectionStore store,
    IDetectionTrustFeed trustFeed,
    ControlPlaneClock time,
    ILogger<PlantMonitorGrain> logger) : Grain, IPlantMonitorGrain
{
    /// <summary>How long the plant's definition (zones, settings) is used before it is read again.</summary>
    public static readonly TimeSpan DefinitionRefresh = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Detection> _inForce = new(StringComparer.Ordinal);
    private PlantId _plant;
    private long _sequence;
    private long _revision;
    private PlantDefinition? _definition;
    private DateTimeOffset _definitionReadAt = DateTimeOffset.MinValue;
    private PlantDetectors? _detectors;
    private Task _trustFeeding = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _plant = PlantId.Parse(this.GetPrimaryKeyString());
        (_sequence, _revision) = await store.LastAsync(_plant, cancellationToken);
        foreach (var detection in await store.InForceAsync(_plant, cancellationToken))
        {
            _inForce[detection.Finding.Key] = detection;
        }

        // A factor fed after the last activation stored its detection may have been lost with that activation: feed
        // every detection in force again (setting a factor the grain already holds changes nothing).
        FeedTrustLater(_inForce.Values.ToList());
    }

    public async Task ObserveAsync(PlantObservations observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        await NoteTelemetryAsync();
        var settings = await SettingsAsync(cancellationToken);
        if (_detectors is null || _detectors.Settings != settings.Detectors)
        {
            _detectors = new PlantDetectors(_plant, settings.Detectors);
        }

        var findings = _detectors.Observe(observations.Events);
        if (findings.Count > 0)
        {
            await RecordAsync(findings, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<Detection>> RecordAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.FirstOrDefault(f => f.Plant != _plant) is { } stray)
        {
            throw new InvalidRequestException($"Finding '{stray.Key}' is of plant '{stray.Plant}', not '{_plant}'.");
        }

        var changed = new Dictionary<string, Detection>(StringComparer.Ordinal);
        var opened = new List<Detection>();
        foreach (var finding in findings)
        {
            if (_inForce.TryGetValue(finding.Key, out var current))
            {
                changed[finding.Key] = _inForce[finding.Key] = DetectionRecording.Absorb(current, finding, ++_revision);
            }
            else
            {
                var detection = DetectionRecording.Open(DetectionQuery.IdOf(_plant, ++_sequence), finding, ++_revision);
                changed[finding.Key] = _inForce[finding.Key] = detection;
                opened.Add(detection);
            }
        }

        if (changed.Count == 0)
        {
            return [];
        }

        var saved = changed.Values.ToList();
        await SaveAsync(saved, cancellationToken);
        await PublishAsync(saved);
        FeedTrustLater(opened);
        return saved;
    }

    public async Task<IReadOnlySet<ZoneId>> GetLearningZonesAsync(CancellationToken cancellationToken = default)
    {
        await NoteTelemetryAsync();
        var definition = await DefinitionAsync(cancellationToken);
        if (definition is null)
        {
            return new HashSet<ZoneId>();
        }

        var settings = definition.Spec.Monitoring ?? MonitoringSettings.Default;
        return state.State.Learning.LearningZones(definition.Spec.Zones.Select(z => z.Id), time.GetUtcNow(), settings.LearningPeriod);
    }

    public async Task<Detection?> GetDetectionAsync(string id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(id, cancellationToken) is { } detection && detection.Plant == _plant ? detection : null;

    public Task<DetectionPage> ListDetectionsAsync(DetectionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Plant == _plant
            ? store.ListAsync(query, cancellationToken)
            : throw new InvalidRequestException($"A query of plant '{query.Plant}' was sent to plant '{_plant}'.");
    }

    public Task<IReadOnlyList<Detection>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default) =>
        store.ChangedAfterAsync(_plant, revision, Math.Clamp(limit, 1, DetectionQuery.MaxLimit), cancellationToken);

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_revision);

    public async Task<Detection> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var detection = await InForceAsync(id, "acknowledged", cancellationToken);
        if (detection.Status == DetectionStatus.Acknowledged)
        {
            return detection;
        }

        var acknowledged = detection with
        {
            Status = DetectionStatus.Acknowledged,
            AcknowledgedBy = actor,
            AcknowledgedAt = time.GetUtcNow(),
            Revision = ++_revision,
        };
        _inForce[acknowledged.Finding.Key] = acknowledged;
        await SaveAsync([acknowledged], cancellationToken);
        await PublishAsync([acknowledged]);
        return acknowledged;
    }

    public async Task<Detection> CloseAsync(string id, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var detection = await InForceAsync(id, "closed", cancellationToken);
        return await EndAsync(detection, DetectionStatus.Closed, actor, reason, cancellationToken);
    }

    public async Task<Detection> LearnAsync(string id, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        var detection = await InForceAsync(id, "learned", cancellationToken);
        if (detection.Finding.Learnable is null || detection.Finding.Asset is not { } asset)
        {
            throw new PreconditionFailedException(
                $"Detection '{id}' ({DetectionSpelling.Of(detection.Finding.Type)}) cannot be learned: only findings about an asset's baseline can; acknowledge or close it instead.");
        }

        await GrainFactory.GetGrain<IAssetGrain>(GrainKeys.Asset(_plant, asset)).LearnAsync(detection.Finding, cancellationToken);
        return await EndAsync(detection, DetectionStatus.Learned, actor, reason ?? "learned into the baseline", cancellationToken);
    }

    public async Task<MonitoringMode> GetModeAsync(CancellationToken cancellationToken = default)
    {
        var definition = await DefinitionAsync(cancellationToken) ?? throw new NotFoundException($"Plant '{_plant}'");
        return Mode(definition);
    }

    public async Task<MonitoringMode> SetLearningAsync(ZoneId? zone, bool learning, CancellationToken cancellationToken = default)
    {
        var definition = await DefinitionAsync(cancellationToken, refresh: true) ?? throw new NotFoundException($"Plant '{_plant}'");
        if (zone is { } z && definition.Spec.Zones.All(s => s.Id != z))
        {
            throw new NotFoundException($"Zone '{z}' of plant '{_plant}'");
        }

        var now = time.GetUtcNow();
        var period = (definition.Spec.Monitoring ?? MonitoringSettings.Default).LearningPeriod;
        state.State.Learning = learning ? state.State.Learning.Restart(zone, now) : state.State.Learning.End(zone, now, period);
        await state.WriteStateAsync(cancellationToken);
        return Mode(definition);
    }

    private MonitoringMode Mode(PlantDefinition definition)
    {
        var now = time.GetUtcNow();
        var settings = definition.Spec.Monitoring ?? MonitoringSettings.Default;
        var learning = state.State.Learning;
        return new MonitoringMode(
            learning.OfPlant(now, settings.LearningPeriod),
            [.. definition.Spec.Zones.Select(z => learning.Of(z.Id, now, settings.LearningPeriod))],
            settings.LearningDays);
    }

    /// <summary>The first telemetry starts learning (persisted once).</summary>
    private async Task NoteTelemetryAsync()
    {
        if (state.State.Learning.StartedAt is null)
        {
            state.State.Learning = state.State.Learning.Observed(time.GetUtcNow());
            await state.WriteStateAsync();
        }
    }

    private async Task<MonitoringSettings> SettingsAsync(CancellationToken cancellationToken) =>
        (await DefinitionAsync(cancellationToken))?.Spec.Monitoring ?? MonitoringSettings.Default;

    private async Task<PlantDefinition?> DefinitionAsync(CancellationToken cancellationToken, bool refresh = false)
    {
        var now = time.GetUtcNow();
        if (refresh || _definition is null || now - _definitionReadAt >= DefinitionRefresh || now < _definitionReadAt)
        {
            _definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(_plant)).GetDefinitionAsync(cancellationToken);
            _definitionReadAt = now;
        }

        return _definition;
    }

    private async Task<Detection> InForceAsync(string id, string becoming, CancellationToken cancellationToken)
    {
        var detection = _inForce.Values.FirstOrDefault(d => d.Id == id)
            ?? await GetDetectionAsync(id, cancellationToken)
            ?? throw new NotFoundException($"Detection '{id}'");
        return detection.InForce
            ? detection
            : throw new PreconditionFailedException(
                $"Detection '{id}' is already {DetectionSpelling.Of(detection.Status)}{(detection.ClosedBy is null ? string.Empty : " by " + detection.ClosedBy)}: it cannot be {becoming}.");
    }

    private async Task<Detection> EndAsync(Detection detection, DetectionStatus status, string actor, string reason, CancellationToken cancellationToken)
    {
        var ended = detection with
        {
            Status = status,
            ClosedBy = actor,
            ClosedAt = time.GetUtcNow(),
            CloseReason = reason,
            Revision = ++_revision,
        };
        _inForce.Remove(detection.Finding.Key);
        await SaveAsync([ended], cancellationToken);
        await PublishAsync([ended]);
        await _trustFeeding;
        await FeedTrustAsync(ended, add: false);
        return ended;
    }

    private async Task SaveAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(detections, cancellationToken);
        }
        catch
        {
            // What this activation holds in memory is ahead of the store: start again from the store.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task PublishAsync(IReadOnlyList<Detection> detections)
    {
        OfferToIncidents(detections);
        var stream = this.GetStreamProvider(ProviderNames.DetectionStreams).GetStream<Detection>(DetectionStreams.For(_plant));
        foreach (var detection in detections)
        {
            try
            {
                await stream.OnNextAsync(detection);
            }
            catch (Exception ex)
            {
                LogPublishFailed(logger, ex, detection.Id);
            }
        }
    }

    /// <summary>
    /// Feeds the new detections' trust factors after the call that stored them has answered: the sender's batch is
    /// acknowledged once its detections are stored, without waiting for every asset to be rescored. Feeds run one after
    /// the other, and ending a detection waits for those before it, so a factor is never added after its removal.
    /// </summary>
    private void FeedTrustLater(IReadOnlyList<Detection> detections)
    {
        if (detections.Count == 0)
        {
            return;
        }

        var previous = _trustFeeding;
        _trustFeeding = FeedAsync();

        async Task FeedAsync()
        {
            await previous;
            foreach (var detection in detections)
            {
                await FeedTrustAsync(detection, add: true);
            }
        }
    }

    /// <summary>
    /// One one-way call per stored batch to the fleet's incident correlator; a lost call is made good from the store by
    /// the correlator's cursor for this plant (docs/incidents.md).
    /// </summary>
    private void OfferToIncidents(IReadOnlyList<Detection> detections)
    {
        try
        {
            _ = GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet).OfferDetectionsAsync(_plant, detections);
        }
        catch (Exception ex)
        {
            LogOfferFailed(logger, ex, detections.Count);
        }
    }

    private async Task FeedTrustAsync(Detection detection, bool add)
    {
        try
        {
            await (add ? trustFeed.AddAsync(detection) : trustFeed.RemoveAsync(detection));
        }
        catch (Exception ex)
        {
            LogTrustFailed(logger, ex, detection.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Detection {Detection} was stored but could not be published on its stream")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string detection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stored detection(s) could not be offered to the incident correlator; it reads them from the store later")]
    private static partial void LogOfferFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Detection {Detection} was stored but its trust factor could not be set or removed")]
    private static partial void LogTrustFailed(ILogger logger, Exception exception, string detection);
}
