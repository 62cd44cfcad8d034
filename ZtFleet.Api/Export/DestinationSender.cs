using System.Diagnostics;
using ZtFleet.Policy.Export;

namespace ZtFleet.Api.Export;

/// <summary>
/// Delivers the outbox to one destination: takes the destination's lease (one sender across API processes), reads
/// batches after the cursor in position order, filters and formats them, sends them, and moves the cursor only after
/// the send succeeded; so delivery is at least once and in position order, hence in order per plant.
/// </summary>
/// <remarks>
/// <para>
/// Webhooks and UDP confirm on write: the cursor passes a batch as soon as it was accepted (a 2xx answer) or sent.
/// Syslog over TCP and TLS only says a batch was written to a socket: the cursor passes it once it has stayed
/// unchallenged for the destination's settle time; when the receiver closes or resets the connection, or a write
/// fails, everything after the cursor is sent again (duplicates, never gaps).
/// </para>
/// <para>
/// Back-pressure: one batch at a time is read and in flight; the outbox in PostgreSQL is the buffer, so producers
/// never wait for a receiver. A failed send waits with exponential back-off and jitter before the next attempt.
/// </para>
/// </remarks>
internal sealed partial class DestinationSender(
    ExportDestination destination,
    ExportOptions options,
    ExportDatabase database,
    IExportFormatter formatter,
    Func<ExportDestination, IExportTransport> transports,
    ILogger logger)
{
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AdvancePeriod = TimeSpan.FromMilliseconds(100);
    private static readonly string Holder = $"{Environment.MachineName}/{Environment.ProcessId}";

    private readonly Queue<(long Position, long Count, long WrittenAt)> _unconfirmed = new();
    private long _read;
    private int _failures;
    private long _lastAdvance;
    private long _lastHeartbeat;

    /// <summary>The destination.</summary>
    public ExportDestination Destination => destination;

    /// <summary>Whether this process holds the destination's lease now.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Runs until <paramref name="stop"/>: standby while another process sends, sender otherwise.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ExportLease? lease = null;
            try
            {
                lease = await ExportLease.TryAcquireAsync(database.Unpooled, destination.Name, Holder, stop);
                if (lease is null)
                {
                    await Task.Delay(options.StandbyRetry, stop);
                    continue;
                }

                IsActive = true;
                LogLeased(logger, destination.Name, lease.Position);
                await SendWhileLeasedAsync(lease, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database (or the lease's connection) failed: let go of the lease and start again.
                LogLeaseLost(logger, ex, destination.Name);
                await DelayQuietly(Backoff(++_failures), stop);
            }
            finally
            {
                IsActive = false;
                if (lease is not null)
                {
                    await lease.DisposeAsync();
                }
            }
        }
    }

    private async Task SendWhileLeasedAsync(ExportLease lease, CancellationToken stop)
    {
        await using var transport = transports(destination);
        _unconfirmed.Clear();
        _read = lease.Position;
        _lastHeartbeat = Stopwatch.GetTimestamp();
        await lease.ReportAsync("delivering", null, stop);
        var messages = new List<string>(options.BatchSize);
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var records = await database.Outbox.ReadAsync(_read, options.BatchSize, stop);
            if (records.Count == 0)
            {
                await ConfirmAsync(lease, transport, idle: true, stop);
                if (Stopwatch.GetElapsedTime(_lastHeartbeat) >= HeartbeatPeriod)
                {
                    await lease.ReportAsync(_unconfirmed.Count == 0 ? "idle" : "delivering", null, stop);
                    _lastHeartbeat = Stopwatch.GetTimestamp();
                }

                await Task.Delay(options.PollInterval, stop);
                continue;
            }

            messages.Clear();
            foreach (var record in records)
            {
                if (Format(record) is { } message)
                {
                    messages.Add(message);
                }
            }

            if (messages.Count > 0)
            {
                try
                {
                    await transport.SendAsync(messages, stop);
                }
                catch (ExportTransportException ex)
                {
                    _failures++;
                    var wait = Backoff(_failures);
                    LogSendFailed(logger, destination.Name, ex.Message, _failures, wait.TotalSeconds);
                    await lease.ReportAsync("retrying", ex.Message, stop);
                    Rewind(lease);
                    await Task.Delay(wait, stop);
                    continue;
                }
            }

            if (_failures > 0)
            {
                LogRecovered(logger, destination.Name, _failures);
                _failures = 0;
            }

            _read = records[^1].Position;
            _unconfirmed.Enqueue((_read, messages.Count, Stopwatch.GetTimestamp()));
            await ConfirmAsync(lease, transport, idle: false, stop);
        }
    }

    /// <summary>Moves the cursor past what has settled; on a connection the receiver broke, rewinds to the cursor instead.</summary>
    private async Task ConfirmAsync(ExportLease lease, IExportTransport transport, bool idle, CancellationToken stop)
    {
        if (_unconfirmed.Count == 0)
        {
            return;
        }

        if (!transport.IsIntact())
        {
            LogBroken(logger, destination.Name, lease.Position, _read);
            await lease.ReportAsync("retrying", "the receiver closed the connection; sending again from the cursor", stop);
            Rewind(lease);
            return;
        }

        if (!idle && Stopwatch.GetElapsedTime(_lastAdvance) < AdvancePeriod)
        {
            return;
        }

        var settle = destination.ConfirmsOnWrite ? TimeSpan.Zero : destination.Settle;
        long to = -1, count = 0;
        while (_unconfirmed.TryPeek(out var batch) && Stopwatch.GetElapsedTime(batch.WrittenAt) >= settle)
        {
            _unconfirmed.Dequeue();
            to = batch.Position;
            count += batch.Count;
        }

        if (to >= 0)
        {
            await lease.AdvanceAsync(to, count, stop);
            _lastAdvance = _lastHeartbeat = Stopwatch.GetTimestamp();
        }
    }

    private void Rewind(ExportLease lease)
    {
        _unconfirmed.Clear();
        _read = lease.Position;
    }

    private string? Format(ExportRecord record)
    {
        if (!destination.Filter.Matches(record))
        {
            return null;
        }

        try
        {
            return formatter.Format(record, destination);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One record that cannot be written must not stop the destination: it is logged with its position.
            LogUnformattable(logger, ex, destination.Name, record.Position, record.Kind);
            return null;
        }
    }

    /// <summary>Exponential from the minimum to the maximum back-off, each wait drawn between half and all of it.</summary>
    private TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(options.MaxBackoff.TotalMilliseconds, options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static async Task DelayQuietly(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export destination {Destination}: this process sends, from position {Position}")]
    private static partial void LogLeased(ILogger logger, string destination, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export destination {Destination}: the database failed; the lease is released and taken again")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export destination {Destination}: send failed ({Error}), attempt {Failures}; next in {Seconds:0.0} s")]
    private static partial void LogSendFailed(ILogger logger, string destination, string error, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export destination {Destination}: delivering again after {Failures} failed attempts")]
    private static partial void LogRecovered(ILogger logger, string destination, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export destination {Destination}: the receiver closed the connection; sending again from position {Cursor} (had read to {Read})")]
    private static partial void LogBroken(ILogger logger, string destination, long cursor, long read);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export destination {Destination}: record {Position} ({Kind}) cannot be formatted and is skipped")]
    private static partial void LogUnformattable(ILogger logger, Exception exception, string destination, long position, ExportKind kind);
}
