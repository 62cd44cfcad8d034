using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Assets;

// The behaviour baseline: placeholder until the baseline work lands (issue 10, point 3).
public sealed partial class AssetGrain
{
    public Task<IReadOnlyList<Finding>> ObserveAsync(AssetObservations observations, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"{baseline.GetType().Name} {time.GetType().Name}");

    public Task LearnAsync(Finding finding, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
