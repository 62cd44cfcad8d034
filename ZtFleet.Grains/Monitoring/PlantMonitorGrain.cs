using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <inheritdoc cref="IPlantMonitorGrain"/>
/// <remarks>Placeholder until the detection store and plant-wide detectors land (issue 10, point 4): finds and keeps nothing, every zone operational.</remarks>
[GrainType("plant-monitor")]
public sealed class PlantMonitorGrain : Grain, IPlantMonitorGrain
{
    public Task ObserveAsync(PlantObservations observations, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<Detection>> RecordAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Detection>>([]);

    public Task<IReadOnlySet<ZoneId>> GetLearningZonesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<ZoneId>>(new HashSet<ZoneId>());
}
