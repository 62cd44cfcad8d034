using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZtFleet.AppHost.Health;

/// <summary>Healthy when something accepts TCP connections on 127.0.0.1 at the given port.</summary>
internal sealed class TcpPortHealthCheck(Func<int> port) : IHealthCheck
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var target = port();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", target, timeout.Token);
            return HealthCheckResult.Healthy($"127.0.0.1:{target} accepts connections.");
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{target} does not accept connections.", exception);
        }
    }
}
