using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Health;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Api.Hosting;

/// <summary>
/// Unhealthy while the cluster cannot be reached or the database refuses writes: it writes a real state row through
/// a grain (<see cref="IHealthProbeGrain"/>), since a silo that answers reads from memory may still be unable to
/// persist a revocation.
/// </summary>
/// <remarks>
/// One probe at a time; its result is reused for <see cref="ApiHealthOptions.ProbeInterval"/>, so the database sees
/// one write per interval per replica however often health is asked. The reason is logged once per transition.
/// </remarks>
public sealed class ClusterWriteHealthCheck : IHealthCheck, IDisposable
{
    /// <summary>The check's name in health reports.</summary>
    public const string Name = "cluster-writes";

    private readonly IClusterClient _cluster;
    private readonly ApiHealthOptions _options;
    private readonly ControlPlaneClock _time;
    private readonly HealthTransitionLog _transitions;
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public ClusterWriteHealthCheck(IClusterClient cluster, IOptions<ApiHealthOptions> options, ControlPlaneClock time, ILogger<ClusterWriteHealthCheck> logger)
    {
        _cluster = cluster;
        _options = options.Value;
        _time = time;
        _transitions = new HealthTransitionLog(Name, logger);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }

            var result = _transitions.Report(await ProbeAsync(cancellationToken));
            _last = (_time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    public void Dispose() => _probing.Dispose();

    private HealthCheckResult? Fresh()
    {
        var last = _last;
        var age = last is null ? TimeSpan.MaxValue : _time.GetUtcNow() - last.Value.At;
        return age >= TimeSpan.Zero && age < _options.ProbeInterval ? last!.Value.Result : null;
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _cluster.GetGrain<IHealthProbeGrain>(IHealthProbeGrain.Key).WriteAsync(cancellationToken)
                .WaitAsync(_options.ProbeTimeout, _time, cancellationToken);
            return HealthCheckResult.Healthy("the cluster answers and the database accepts writes");
        }
        catch (StorageUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(
                $"the database refuses writes ({ex.Store}{(ex.SqlState is null ? string.Empty : $", SQLSTATE {ex.SqlState}")})");
        }
        catch (StorageFailedException ex)
        {
            return HealthCheckResult.Unhealthy($"the database failed a write ({ex.Store}{(ex.SqlState is null ? string.Empty : $", SQLSTATE {ex.SqlState}")})");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the cluster did not complete a write within {_options.ProbeTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the cluster is unreachable ({ex.GetType().Name})", ex);
        }
    }
}
