using Microsoft.Extensions.Options;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Audit;

/// <summary>
/// Audits refused requests within the bounds of <see cref="RefusalThrottle"/>: the first ones of a window one by one
/// (the caller waits for that write, as before), the rest counted without a write and summarised per key when the
/// window closes, found by a <see cref="ControlPlaneClock"/> timer so a burst that stopped is still written. At
/// shutdown the timer stops and every pending count is written.
/// </summary>
/// <remarks>
/// Summaries are written in the background, one batch after another; a failed write is logged with the summary it
/// lost. Registered as a hosted service after the Orleans client, so it stops (and flushes) before the client does.
/// </remarks>
public sealed class RefusalAudit(
    AuditWriter audit, ControlPlaneClock time, IOptions<RefusalAuditOptions> options, ILogger<RefusalAudit> logger)
    : IHostedService, IDisposable
{
    private readonly RefusalThrottle _throttle = new(options.Value);
    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;
    private ITimer? _timer;

    /// <summary>How many keys the throttle tracks now.</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _throttle.TrackedKeys;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.FlushInterval;
        _timer = time.CreateTimer(_ => FlushClosed(), null, interval, interval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        IReadOnlyList<RefusalSummary> pending;
        lock (_gate)
        {
            pending = _throttle.FlushAll();
        }

        Write(pending);
        await WrittenAsync().WaitAsync(cancellationToken);
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>
    /// Counts a refusal of <paramref name="key"/>; the returned task is the individual record's write when this one
    /// is audited one by one, otherwise already complete.
    /// </summary>
    public Task RefusedAsync(RefusalKey key, string actor, string message, IReadOnlyList<Violation> violations)
    {
        RefusalObservation observation;
        lock (_gate)
        {
            observation = _throttle.Observe(key, time.GetUtcNow(), message, violations);
        }

        if (observation.Closed is { } closed)
        {
            Write([closed]);
        }

        return observation.Individually
            ? audit.RefusedAsync(actor, key.Method, key.Status, message, violations)
            : Task.CompletedTask;
    }

    /// <summary>Writes the summaries of the windows closed by now (the timer does this every flush interval).</summary>
    public void FlushClosed()
    {
        IReadOnlyList<RefusalSummary> closed;
        lock (_gate)
        {
            closed = _throttle.Flush(time.GetUtcNow());
        }

        Write(closed);
    }

    /// <summary>Completes when every summary handed to the writer so far has been written (or its failure logged).</summary>
    public Task WrittenAsync()
    {
        lock (_gate)
        {
            return _writes;
        }
    }

    private void Write(IReadOnlyList<RefusalSummary> summaries)
    {
        if (summaries.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _writes = _writes.ContinueWith(_ => WriteAsync(summaries), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task WriteAsync(IReadOnlyList<RefusalSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            try
            {
                await audit.RefusalsSummarizedAsync(summary);
            }
            catch (Exception failure)
            {
                logger.LogError(failure, "Could not audit {Count} refusals of {Method} ({Status}) by {Who} between {First} and {Last}",
                    summary.Count, summary.Key.Method, summary.Key.Status, summary.Key.Who, summary.First, summary.Last);
            }
        }
    }
}
