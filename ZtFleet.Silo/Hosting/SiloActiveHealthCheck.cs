using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace ZtFleet.Silo.Hosting;

/// <summary>
/// Healthy once this silo is an active member of its cluster (joined, serving grains and its gateway). Answers the
/// silo's HTTP <c>/health</c>, which the AppHost probes instead of opening TCP connections to the Orleans gateway port
/// (an Orleans gateway logs every connection that closes without its handshake as an error).
/// </summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    /// <summary>The check's name in the health report.</summary>
    public const string Name = "orleans-silo";

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = silo.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is an active member of its cluster.")
            : HealthCheckResult.Unhealthy($"The silo is {status}, not yet (or no longer) an active member of its cluster."));
    }
}
