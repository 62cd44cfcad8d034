using ZtFleet.Grains.Diagnostics;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// Counts, every <see cref="Interval"/>, each plant's active enforcement points that are behind (acknowledged epoch
/// below the plant's) or silent (not heard from for <see cref="SilentAfter"/>), for the
/// <c>ztfleet.enforcement_points.behind</c> and <c>.silent</c> gauges (docs/metrics.md). An observable gauge is read
/// synchronously by the exporter, so the counts are gathered here and only read there.
/// </summary>
public sealed partial class PropagationGauges(IClusterClient cluster, ControlPlaneClock time, ILogger<PropagationGauges> logger) : BackgroundService
{
    /// <summary>How often the points are counted.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Silence after which a point counts as silent: GetPropagationStatus's default.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await CountAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The cluster may be starting or a silo moving; the next round counts again.
                LogCountFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Counts every plant's points once, publishes the counts and answers them (plant → behind, silent).</summary>
    public async Task<IReadOnlyDictionary<string, (int Behind, int Silent)>> CountAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, (int Behind, int Silent)>(StringComparer.Ordinal);
        var overview = await cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var plant in overview.Plants)
        {
            var plantGrain = cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
            var epoch = await plantGrain.GetEpochAsync(cancellationToken);
            var ids = await plantGrain.ListEnforcementPointsAsync(cancellationToken);
            var points = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IEnforcementPointGrain>(id.Value).GetAsync(cancellationToken)));
            var active = points.Where(p => p is { Revoked: false } && p.Registration.Plant == plant).Select(p => p!).ToList();
            var behind = active.Count(p => p.AcknowledgedEpoch < epoch);
            var silent = active.Count(p => now - (p.LastHeartbeatAt ?? p.EnrolledAt) > SilentAfter);
            ZtFleetMetrics.SetPoints(plant.Value, behind, silent);
            counts[plant.Value] = (behind, silent);
        }

        ZtFleetMetrics.KeepPoints(counts.Keys.ToHashSet(StringComparer.Ordinal));
        return counts;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Counting enforcement points for the propagation gauges failed; counting again at the next interval")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
