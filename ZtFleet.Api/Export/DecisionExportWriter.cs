using System.Threading.Channels;
using ZtFleet.Grains.Export;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Api.Export;

/// <summary>
/// Writes the API's access and flow decisions to the outbox in batches, so a Check never waits for the database:
/// <see cref="Offer"/> queues (bounded by <see cref="ExportOptions.DecisionQueueCapacity"/>) and a background loop
/// appends up to 1,000 at a time. When the queue is full (the database is down or slow for long), further decisions
/// are counted in <see cref="NotExported"/> and logged, never waited for. Decisions are queued only when a destination
/// of this process wants them, and allows only when one wants allows. Batches go through the silo
/// (<see cref="IExportOutboxGrain"/>), the outbox's one writer.
/// </summary>
public sealed partial class DecisionExportWriter : BackgroundService
{
    private const int MaxBatch = 1000;
    private static readonly TimeSpan LogPeriod = TimeSpan.FromSeconds(30);

    private readonly Channel<ExportRecord> _queue;
    private readonly IGrainFactory _grains;
    private readonly bool _enabled;
    private readonly ILogger<DecisionExportWriter> _logger;
    private long _notExported;
    private long _notExportedLogged;

    /// <summary>A writer for the destinations of <paramref name="exporter"/> (none without a database: nothing is queued).</summary>
    public DecisionExportWriter(
        Microsoft.Extensions.Options.IOptions<ExportOptions> options, IGrainFactory grains, ILogger<DecisionExportWriter> logger, IServiceProvider services)
    {
        _logger = logger;
        _grains = grains;
        if (services.GetService<Exporter>() is { } exporter)
        {
            _enabled = true;
            AccessDecisions = exporter.Wants(ExportKind.Decision);
            AccessAllows = exporter.WantsAllows(ExportKind.Decision);
            FlowDecisions = exporter.Wants(ExportKind.Flow);
            FlowAllows = exporter.WantsAllows(ExportKind.Flow);
            Authentications = exporter.Wants(ExportKind.Authentication);
        }

        _queue = Channel.CreateBounded<ExportRecord>(new BoundedChannelOptions(options.Value.DecisionQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Whether access decisions are exported at all.</summary>
    public bool AccessDecisions { get; }

    /// <summary>Whether allowed access decisions are exported too (otherwise denials only).</summary>
    public bool AccessAllows { get; }

    /// <summary>Whether flow decisions are exported at all.</summary>
    public bool FlowDecisions { get; }

    /// <summary>Whether allowed flow decisions are exported too.</summary>
    public bool FlowAllows { get; }

    /// <summary>Whether authentications reported by telemetry are exported (failures only).</summary>
    public bool Authentications { get; }

    /// <summary>Whether any telemetry event can be exported (<see cref="OfferTelemetry"/> does nothing otherwise).</summary>
    public bool WantsTelemetry => FlowDecisions || AccessDecisions || Authentications;

    /// <summary>Decisions that could not be queued since start.</summary>
    public long NotExported => Interlocked.Read(ref _notExported);

    /// <summary>Whether an access decision with this outcome is to be offered.</summary>
    public bool WantsAccess(bool allowed) => AccessDecisions && (!allowed || AccessAllows);

    /// <summary>Whether a flow decision with this outcome is to be offered.</summary>
    public bool WantsFlow(bool allowed) => FlowDecisions && (!allowed || FlowAllows);

    /// <summary>Queues <paramref name="record"/> without waiting; counts it when the queue is full.</summary>
    public void Offer(ExportRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _notExported);
        }
    }

    /// <summary>
    /// Queues what an accepted telemetry batch reported that a SOC wants and the API did not decide itself: dropped
    /// flows, access decisions an enforcement point denied, failed authentications (lockouts included). Allowed and
    /// observed flows, allowed decisions and successful logins are not exported from telemetry: they are the bulk of
    /// it (tens of thousands a second) and each would cost an outbox row.
    /// </summary>
    public void OfferTelemetry(IReadOnlyList<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!WantsTelemetry)
        {
            return;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case FlowEvent { Action: FlowAction.Dropped } flow when FlowDecisions:
                    Offer(ExportRecords.From(flow));
                    break;
                case AccessDecisionEvent { Allowed: false } decision when AccessDecisions:
                    Offer(ExportRecords.From(decision));
                    break;
                case AuthenticationEvent { Success: false } authentication when Authentications:
                    Offer(ExportRecords.From(authentication));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }

        var batch = new List<ExportRecord>(MaxBatch);
        var failures = 0;
        var lastLog = TimeProvider.System.GetTimestamp();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                try
                {
                    await _grains.GetGrain<IExportOutboxGrain>(0).AppendAsync(batch, stoppingToken);
                    batch.Clear();
                    failures = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Kept and tried again; meanwhile the queue fills and, full, counts what it cannot take.
                    failures++;
                    LogAppendFailed(_logger, ex, batch.Count, failures);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6)))), stoppingToken);
                }

                var notExported = NotExported;
                if (notExported > _notExportedLogged && TimeProvider.System.GetElapsedTime(lastLog) >= LogPeriod)
                {
                    LogNotExported(_logger, notExported - _notExportedLogged, notExported);
                    _notExportedLogged = notExported;
                    lastLog = TimeProvider.System.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(batch);
        }
    }

    /// <summary>
    /// At shutdown (this service stops before the Orleans client, registered after it): appends what is still queued,
    /// for at most a few seconds. A killed process loses its queue: decisions are durable only once appended.
    /// </summary>
    private async Task FlushAsync(List<ExportRecord> batch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (_queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
                if (batch.Count >= MaxBatch)
                {
                    await _grains.GetGrain<IExportOutboxGrain>(0).AppendAsync(batch, timeout.Token);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _grains.GetGrain<IExportOutboxGrain>(0).AppendAsync(batch, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            LogFlushFailed(_logger, ex, batch.Count + _queue.Reader.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} decisions could not be appended to the export outbox (attempt {Failures}); retrying")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "At shutdown, {Count} queued decisions could not be appended to the export outbox")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} decisions were not exported: the export queue was full ({Total} since start)")]
    private static partial void LogNotExported(ILogger logger, long count, long total);
}
