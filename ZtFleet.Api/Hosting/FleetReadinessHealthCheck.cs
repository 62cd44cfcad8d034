using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZtFleet.Api.PlantViews;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;

namespace ZtFleet.Api.Hosting;

/// <summary>
/// Unhealthy until the configured seed fleet is applied and this replica's plant views are loaded: every plant the
/// fleet lists has a view at the epoch the plant had when checked. Before that a caller would get NOT_FOUND or
/// UNAVAILABLE for plants that are about to exist.
/// </summary>
/// <remarks>
/// Once every view has loaded, this check stays healthy: the views are then kept current by their streams and the
/// refresher, and serve their last state while the cluster is away (fail-static); the cluster and the database are
/// <see cref="ClusterWriteHealthCheck"/>'s business. Plants added later load on first use, like any view.
/// </remarks>
public sealed class FleetReadinessHealthCheck : IHealthCheck
{
    /// <summary>The check's name in health reports.</summary>
    public const string Name = "fleet-ready";

    private readonly IClusterClient _cluster;
    private readonly PlantViewCache _views;
    private readonly FleetReadiness _readiness;
    private readonly ApiHealthOptions _options;
    private readonly ControlPlaneClock _time;
    private readonly HealthTransitionLog _transitions;
    private volatile bool _viewsLoaded;

    public FleetReadinessHealthCheck(
        IClusterClient cluster, PlantViewCache views, FleetReadiness readiness,
        IOptions<ApiHealthOptions> options,
        ControlPlaneClock time,
        ILogger<FleetReadinessHealthCheck> logger)
    {
        _cluster = cluster;
        _views = views;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _transitions = new HealthTransitionLog(Name, logger);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _transitions.Report(await CheckAsync(cancellationToken));

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (_readiness.WaitingFor is { } waiting)
        {
            return HealthCheckResult.Unhealthy(waiting);
        }

        if (_viewsLoaded)
        {
            return HealthCheckResult.Healthy("the seed fleet is applied and the plant views are loaded");
        }

        using var deadline = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var plants = (await _cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(timeout.Token)).Plants;
            foreach (var plant in plants)
            {
                try
                {
                    var epoch = await _cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetEpochAsync(timeout.Token);
                    await _views.GetAsync(plant, epoch, timeout.Token);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    return HealthCheckResult.Unhealthy($"the view of plant '{plant}' is not loaded yet ({ex.GetType().Name})");
                }
            }

            _viewsLoaded = true;
            return HealthCheckResult.Healthy($"the seed fleet is applied and the views of {plants.Count} plant(s) are loaded");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the fleet's plants cannot be listed ({ex.GetType().Name})");
        }
    }
}
