using Orleans.Concurrency;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// A plant's monitoring, keyed by plant id: which zones are learning, the plant-wide detectors, and the plant's
/// detections (stored in PostgreSQL, deduplicated by finding key while open, published on the stream
/// <c>detections/{plantId}</c>, fed to the trust of their asset and identity).
/// </summary>
[Alias("ztfleet.IPlantMonitorGrain")]
public interface IPlantMonitorGrain : IGrainWithStringKey
{
    /// <summary>Runs the plant-wide detectors over a batch's plant-level events; stores what they find.</summary>
    Task ObserveAsync(PlantObservations observations, CancellationToken cancellationToken = default);

    /// <summary>Stores findings (from asset grains): a new detection, or added to the open one of the same key.</summary>
    Task<IReadOnlyList<Detection>> RecordAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default);

    /// <summary>
    /// The zones of the plant that are learning now (the rest are operational). Ingestion asks it for every batch, so
    /// the first call is the plant's first telemetry: learning starts then if it never has.
    /// </summary>
    Task<IReadOnlySet<ZoneId>> GetLearningZonesAsync(CancellationToken cancellationToken = default);

    /// <summary>One detection of the plant, or null.</summary>
    [AlwaysInterleave]
    Task<Detection?> GetDetectionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The plant's detections that match <paramref name="query"/>, newest first, one page.</summary>
    [AlwaysInterleave]
    Task<DetectionPage> ListDetectionsAsync(DetectionQuery query, CancellationToken cancellationToken = default);

    /// <summary>The plant's detections changed after <paramref name="revision"/>, in revision order (a watcher's replay).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Detection>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default);

    /// <summary>The plant's latest revision: a watcher starting live resumes after it.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a detection in force as acknowledged by <paramref name="actor"/>; repeating it is harmless.</summary>
    /// <exception cref="Refusals.NotFoundException">No such detection at this plant.</exception>
    /// <exception cref="Refusals.PreconditionFailedException">It is closed or learned.</exception>
    Task<Detection> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Closes a detection in force with a reason; its trust factors go.</summary>
    /// <exception cref="Refusals.NotFoundException">No such detection at this plant.</exception>
    /// <exception cref="Refusals.PreconditionFailedException">It is already closed or learned.</exception>
    Task<Detection> CloseAsync(string id, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts a detection in force into its asset's baseline (<see cref="Assets.IAssetGrain.LearnAsync"/>): status
    /// learned, its trust factors go.
    /// </summary>
    /// <exception cref="Refusals.NotFoundException">No such detection at this plant.</exception>
    /// <exception cref="Refusals.PreconditionFailedException">It is closed or learned, or cannot be learned (not an asset's baseline finding).</exception>
    Task<Detection> LearnAsync(string id, string actor, string? reason, CancellationToken cancellationToken = default);

    /// <summary>The plant's learning mode, and each zone's.</summary>
    Task<MonitoringMode> GetModeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends (<paramref name="learning"/> false) or restarts (true) learning for <paramref name="zone"/>, or for the
    /// whole plant when null.
    /// </summary>
    /// <exception cref="Refusals.NotFoundException">The plant or the zone does not exist.</exception>
    Task<MonitoringMode> SetLearningAsync(ZoneId? zone, bool learning, CancellationToken cancellationToken = default);
}
