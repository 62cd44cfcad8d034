using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Security;

/// <summary>
/// Loads the <see cref="RevocationList"/> at start and reloads it every <see cref="AuthOptions.RevocationReloadInterval"/>,
/// and at once when a push arrives out of order.
/// </summary>
public sealed class RevocationListRefresher(RevocationList revocations, IOptions<AuthOptions> options, ILogger<RevocationListRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var gap = new SemaphoreSlim(0);
        void OnGap() => gap.Release();
        revocations.GapDetected += OnGap;
        try
        {
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await revocations.ReloadAsync().WaitAsync(stoppingToken);
                    if (failures > 0)
                    {
                        logger.LogInformation("Deny list reloaded again after {Failures} failed attempts", failures);
                    }

                    failures = 0;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Quietly at first: at start the cluster client may still be connecting.
                    logger.Log(++failures > 3 ? LogLevel.Warning : LogLevel.Debug, ex, "Reloading the deny list failed ({Failures} in a row)", failures);
                }

                // Until the first load, retry soon; afterwards at the interval, or at once on a gap.
                var wait = revocations.Version < 0 ? TimeSpan.FromMilliseconds(200) : options.Value.RevocationReloadInterval;
                await gap.WaitAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            revocations.GapDetected -= OnGap;
        }
    }
}
