using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// What a detection does to trust: a new one lowers the trust of its asset and identity, a closed or learned one stops
/// lowering it. The plant monitor grain calls it; <see cref="GrainDetectionTrustFeed"/> is the real one.
/// </summary>
public interface IDetectionTrustFeed
{
    /// <summary>A new detection in force.</summary>
    Task AddAsync(Detection detection, CancellationToken cancellationToken = default);

    /// <summary>A detection closed or learned.</summary>
    Task RemoveAsync(Detection detection, CancellationToken cancellationToken = default);
}
