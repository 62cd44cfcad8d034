using Grpc.Core;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// Calls made just after <see cref="ApiServer.RestartSiloAsync"/>: the first may go to the dead silo and wait for
/// Orleans' response timeout (30 s), or answer UNAVAILABLE/INTERNAL while the new silo joins. Each attempt is bounded
/// to <see cref="Attempt"/>, all of them to <see cref="Overall"/>.
/// </summary>
public static class AfterRestart
{
    public static readonly TimeSpan Attempt = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Overall = TimeSpan.FromSeconds(60);

    /// <summary>True for what a restart causes: the cluster not reachable yet, through the API or directly.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is TimeoutException or OrleansException or RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded };

    /// <summary>Retries <paramref name="call"/> while it fails with <see cref="IsTransient"/>.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + Overall;
        while (true)
        {
            try
            {
                return await call().WaitAsync(Attempt);
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Retries <paramref name="call"/>, which expects a refusal, while the refusal is <see cref="IsTransient"/>.</summary>
    public static Task<RpcException> RefusalAsync(Func<Task> call) =>
        RetryAsync(async () =>
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            return IsTransient(refused) ? throw refused : refused;
        });
}
