using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Assets;

// The behaviour baseline: placeholder until the baseline work lands (issue 10, point 3): learns and finds nothing.
public sealed partial class AssetGrain
{
    public Task<IReadOnlyList<Finding>> ObserveAsync(AssetObservations observations, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Finding>>(baseline.State is null || time is null ? [] : []);

    public Task LearnAsync(Finding finding, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
