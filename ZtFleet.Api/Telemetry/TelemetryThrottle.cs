using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Api.Telemetry;

/// <summary>
/// Each sender's share of this API process: a <see cref="TokenBucket"/> per sender
/// (<see cref="TelemetryOptions.EventsPerSecond"/>, <see cref="TelemetryOptions.Burst"/>). A sender over its share
/// waits before its batch is processed, and its stream is not read meanwhile, so HTTP/2 flow control slows the sender
/// down: nothing is dropped, and other senders, with buckets of their own, are not held up.
/// </summary>
public sealed class TelemetryThrottle(IOptions<TelemetryOptions> options, ControlPlaneClock time)
{
    private readonly ConcurrentDictionary<EnforcementPointId, TokenBucket> _buckets = new();

    /// <summary>Waits until <paramref name="sender"/> may send <paramref name="events"/> more events; how long it waited, in milliseconds.</summary>
    public async ValueTask<long> WaitAsync(EnforcementPointId sender, int events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(sender, static (_, state) => new TokenBucket(state.Rate, state.Burst, state.Now), (Rate: (double)options.Value.EventsPerSecond, Burst: (double)options.Value.Burst, Now: now));
        var wait = bucket.Take(events, now);
        if (wait <= TimeSpan.Zero)
        {
            return 0;
        }

        await Task.Delay(wait, time, cancellationToken);
        return (long)Math.Ceiling(wait.TotalMilliseconds);
    }
}
