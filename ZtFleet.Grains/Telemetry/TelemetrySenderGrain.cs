using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Telemetry;

/// <inheritdoc cref="ITelemetrySenderGrain"/>
/// <remarks>
/// <para>
/// A batch goes out as one call per asset concerned (its OT transactions and flows by destination, its changes), one
/// to the plant monitor (plant-level events), one to the observed flows (the batch's summary) and, when the assets
/// found something, one to store the findings: never a call per event. The asset calls run through
/// <see cref="FanOut"/>, bounded. Only when every call has succeeded are the sequence and the counters written and
/// the batch acknowledged: a failure leaves the sequence where it was, and the sender's retry processes the batch
/// again (at least once; event ids are stable, so a detector can tell a repeat).
/// </para>
/// <para>Which zones are learning is asked of the plant monitor at most every <see cref="LearningZonesCacheFor"/>.</para>
/// </remarks>
[GrainType("telemetry-sender")]
public sealed class TelemetrySenderGrain(
    [PersistentState("telemetry-sender", ProviderNames.Storage)] IPersistentState<TelemetrySenderState> state,
    ControlPlaneClock time) : Grain, ITelemetrySenderGrain
{
    /// <summary>How long the plant monitor's learning zones are reused.</summary>
    public static readonly TimeSpan LearningZonesCacheFor = TimeSpan.FromSeconds(5);

    private IReadOnlySet<ZoneId>? _learning;
    private long _learningAt;

    private (PlantId Plant, EnforcementPointId Sender) Key => GrainKeys.ParseTelemetrySender(this.GetPrimaryKeyString());

    public Task<ulong> GetAcknowledgedAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.AcknowledgedSequence);

    public async Task<IngestOutcome> IngestAsync(TelemetryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Sequence == 0)
        {
            return await RefuseAsync(0, TelemetryRefusalReasons.InvalidSequence, batch.ThrottledMs, cancellationToken);
        }

        var s = state.State;
        if (batch.Sequence <= s.AcknowledgedSequence)
        {
            s.DuplicateBatches++;
            s.ThrottledMs += batch.ThrottledMs;
            s.LastBatchAt = time.GetUtcNow();
            await SaveAsync(cancellationToken);
            return new IngestOutcome(BatchResult.Duplicate, s.AcknowledgedSequence);
        }

        await DispatchAsync(batch.Events, cancellationToken);

        s.AcknowledgedSequence = batch.Sequence;
        s.Batches++;
        s.EventsAccepted += batch.Events.Count;
        s.EventsRefused += batch.Refused;
        foreach (var (reason, count) in batch.RefusedByReason)
        {
            s.RefusedByReason[reason] = s.RefusedByReason.GetValueOrDefault(reason) + count;
        }

        s.EventsLostAtSender += (long)Math.Min(batch.LostBefore, long.MaxValue);
        s.UninventoriedEvents += batch.Uninventoried;
        s.ThrottledMs += batch.ThrottledMs;
        s.LastBatchAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);
        return new IngestOutcome(BatchResult.Accepted, s.AcknowledgedSequence);
    }

    public async Task<IngestOutcome> RefuseAsync(ulong sequence, string reason, long throttledMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var s = state.State;
        s.RefusedBatches++;
        var key = BatchReason(reason);
        s.RefusedByReason[key] = s.RefusedByReason.GetValueOrDefault(key) + 1;
        s.ThrottledMs += throttledMs;
        s.LastBatchAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);
        return new IngestOutcome(BatchResult.Refused, s.AcknowledgedSequence);
    }

    public Task<TelemetrySenderStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var s = state.State;
        return Task.FromResult(new TelemetrySenderStatus(
            Key.Sender.Value, s.AcknowledgedSequence, s.LastBatchAt, s.Batches, s.DuplicateBatches, s.RefusedBatches,
            s.EventsAccepted, s.EventsRefused, new Dictionary<string, long>(s.RefusedByReason, StringComparer.Ordinal),
            s.EventsLostAtSender, s.UninventoriedEvents, s.ThrottledMs));
    }

    /// <summary>How a batch refused whole is counted among the reasons, apart from refused events.</summary>
    public static string BatchReason(string reason) => $"batch:{reason}";

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Registered)
        {
            var (plant, sender) = Key;
            await GrainFactory.GetGrain<ITelemetrySendersGrain>(GrainKeys.Plant(plant)).RegisterAsync(sender, cancellationToken);
            state.State.Registered = true;
        }

        await state.WriteStateAsync(cancellationToken);
    }

    private async Task DispatchAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var plant = Key.Plant;
        var byAsset = new Dictionary<AssetId, (ZoneId? Zone, List<TelemetryEvent> Events)>();
        var plantLevel = new List<TelemetryEvent>();
        foreach (var e in events)
        {
            if (TelemetryRouting.AssetOf(e) is { } asset)
            {
                if (!byAsset.TryGetValue(asset, out var group))
                {
                    byAsset[asset] = group = (TelemetryRouting.ZoneOf(e), []);
                }

                group.Events.Add(e);
            }

            if (TelemetryRouting.IsPlantLevel(e))
            {
                plantLevel.Add(e);
            }
        }

        var monitor = GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant));
        var flows = ObservedFlows.Summarise(events);
        var plantTask = plantLevel.Count > 0 ? monitor.ObserveAsync(new PlantObservations(plantLevel), cancellationToken) : Task.CompletedTask;
        var flowTask = flows.Count > 0
            ? GrainFactory.GetGrain<IObservedFlowGrain>(GrainKeys.Plant(plant)).RecordAsync(JsonList.Of(flows), cancellationToken)
            : Task.CompletedTask;

        var findings = new List<Finding>();
        if (byAsset.Count > 0)
        {
            var learning = await LearningZonesAsync(monitor, cancellationToken);
            var groups = byAsset.ToList();
            await FanOut.RunAsync(groups, async group =>
            {
                var (zone, assetEvents) = group.Value;
                var found = await GrainFactory.GetGrain<IAssetGrain>(GrainKeys.Asset(plant, group.Key))
                    .ObserveAsync(new AssetObservations(assetEvents, zone is { } z && learning.Contains(z)), cancellationToken);
                if (found.Count > 0)
                {
                    lock (findings)
                    {
                        findings.AddRange(found);
                    }
                }
            });
        }

        await Task.WhenAll(plantTask, flowTask);
        if (findings.Count > 0)
        {
            await monitor.RecordAsync(findings, cancellationToken);
        }
    }

    private async Task<IReadOnlySet<ZoneId>> LearningZonesAsync(IPlantMonitorGrain monitor, CancellationToken cancellationToken)
    {
        if (_learning is null || time.GetElapsedTime(_learningAt) >= LearningZonesCacheFor)
        {
            _learning = await monitor.GetLearningZonesAsync(cancellationToken);
            _learningAt = time.GetTimestamp();
        }

        return _learning;
    }
}
