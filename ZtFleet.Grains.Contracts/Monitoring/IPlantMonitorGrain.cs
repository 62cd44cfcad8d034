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

    /// <summary>The zones of the plant that are learning now (the rest are operational).</summary>
    Task<IReadOnlySet<ZoneId>> GetLearningZonesAsync(CancellationToken cancellationToken = default);
}
