using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZtFleet.Api.Hosting;

/// <summary>
/// Logs a health check's result when its status changes, with the reason: once per transition, not once per probe
/// (health is asked every few seconds by every orchestrator and load balancer).
/// </summary>
internal sealed class HealthTransitionLog(string check, ILogger logger)
{
    private readonly Lock _lock = new();
    private HealthStatus? _last;
    private string? _lastReason;

    public HealthCheckResult Report(HealthCheckResult result)
    {
        lock (_lock)
        {
            // A change of reason while unhealthy is news too (the database refused, then the cluster went away).
            if (_last == result.Status && (result.Status == HealthStatus.Healthy || _lastReason == result.Description))
            {
                return result;
            }

            if (result.Status == HealthStatus.Healthy)
            {
                logger.LogInformation("Health check {Check} is healthy: {Reason}", check, result.Description);
            }
            else
            {
                logger.LogWarning(result.Exception, "Health check {Check} is {Status}: {Reason}", check, result.Status, result.Description);
            }

            _last = result.Status;
            _lastReason = result.Description;
        }

        return result;
    }
}
