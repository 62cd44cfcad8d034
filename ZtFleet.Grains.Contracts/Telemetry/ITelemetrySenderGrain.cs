namespace ZtFleet.Grains.Telemetry;

/// <summary>
/// One telemetry sender (an enforcement point or a sensor) at its plant, keyed <c>plantId/senderId</c>
/// (<see cref="Hosting.GrainKeys.TelemetrySender"/>): the highest batch sequence it has had acknowledged, and its
/// counters. A batch at or below that sequence is a duplicate and counts once; a new one is dispatched to the asset
/// grains, the plant monitor and the observed flows before its sequence and counters are persisted, so an
/// acknowledged batch has been processed and a batch that failed half way is processed again when resent.
/// </summary>
[Alias("ztfleet.ITelemetrySenderGrain")]
public interface ITelemetrySenderGrain : IGrainWithStringKey
{
    /// <summary>The highest sequence acknowledged (0: none yet).</summary>
    Task<ulong> GetAcknowledgedAsync(CancellationToken cancellationToken = default);

    /// <summary>Processes a normalised batch once: dispatches its events, then persists its sequence and counters.</summary>
    Task<IngestOutcome> IngestAsync(TelemetryBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Counts a batch refused whole (<c>too-many-events</c>, <c>invalid-sequence</c>); nothing else changes.</summary>
    Task<IngestOutcome> RefuseAsync(ulong sequence, string reason, long throttledMs, CancellationToken cancellationToken = default);

    /// <summary>The sender's counters.</summary>
    Task<TelemetrySenderStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
