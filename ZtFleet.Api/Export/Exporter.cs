using Microsoft.Extensions.Options;
using Npgsql;
using ZtFleet.Policy.Export;

namespace ZtFleet.Api.Export;

/// <summary>
/// The exporter of this API process (docs/export.md): one <see cref="DestinationSender"/> per configured destination
/// (sending where this process holds the destination's lease, standing by elsewhere), and retention, which deletes
/// from the outbox what every destination has passed.
/// </summary>
public sealed partial class Exporter : BackgroundService
{
    private readonly ExportOptions _options;
    private readonly ExportDatabase _database;
    private readonly ILogger<Exporter> _logger;
    private readonly IReadOnlyList<DestinationSender> _senders;

    /// <summary>An exporter of the destinations in <paramref name="options"/> (validated at start).</summary>
    public Exporter(
        IOptions<ExportOptions> options,
        ExportDatabase database,
        IExportFormatter formatter,
        IHostEnvironment environment,
        ILogger<Exporter> logger,
        Func<ExportDestination, IExportTransport>? transports = null)
    {
        _options = options.Value;
        _database = database;
        _logger = logger;
        Destinations = Parse(_options, environment.IsDevelopment());
        _senders = Destinations
            .Select(d => new DestinationSender(d, _options, database, formatter, transports ?? CreateTransport, logger))
            .ToList();
    }

    /// <summary>The configured destinations, parsed.</summary>
    public IReadOnlyList<ExportDestination> Destinations { get; }

    /// <summary>Whether this process sends for <paramref name="destination"/> now.</summary>
    public bool IsActive(string destination) => _senders.Any(s => s.Destination.Name == destination && s.IsActive);

    /// <summary>The transport of <paramref name="destination"/>.</summary>
    public static IExportTransport CreateTransport(ExportDestination destination) => destination.Transport switch
    {
        ExportTransport.SyslogTcp or ExportTransport.SyslogTls => new SyslogStreamTransport(destination),
        ExportTransport.SyslogUdp => new SyslogUdpTransport(destination),
        _ => new WebhookTransport(destination),
    };

    /// <summary>The destinations of validated <paramref name="options"/>.</summary>
    internal static IReadOnlyList<ExportDestination> Parse(ExportOptions options, bool development)
    {
        var errors = new List<string>();
        var destinations = options.Destinations.Select((d, i) => ExportDestination.Parse(d, i, development, errors)).OfType<ExportDestination>().ToList();
        return errors.Count == 0 ? destinations : throw new OptionsValidationException(ExportOptions.Section, typeof(ExportOptions), errors);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_senders.Count > 0)
        {
            LogStarting(_logger, _senders.Count, string.Join(", ", Destinations.Select(d => $"{d.Name} ({d.Transport}, {d.Format})")));
        }

        var running = _senders.Select(s => Task.Run(() => s.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        running.Add(RetainAsync(stoppingToken));
        await Task.WhenAll(running);
    }

    /// <summary>Deletes what every destination has passed (<see cref="PassedByAllAsync"/>), every interval.</summary>
    private async Task RetainAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetentionInterval, stop);
                var through = await PassedByAllAsync(stop);
                if (through > 0)
                {
                    var deleted = await _database.Outbox.DeleteThroughAsync(through, cancellationToken: stop);
                    if (deleted > 0)
                    {
                        LogRetained(_logger, deleted, through);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRetentionFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// The least cursor of the destinations configured here and of those another process has sent for within a day (a
    /// configured one never started counts as 0): no process deletes what some process's destination still needs, and
    /// a destination removed from every configuration stops holding records back a day later. With none at all, the
    /// last position: nobody is waiting for anything.
    /// </summary>
    internal async Task<long> PassedByAllAsync(CancellationToken cancellationToken)
    {
        var last = await _database.Outbox.LastPositionAsync(cancellationToken);
        await using var command = _database.Pooled.CreateCommand(
            "SELECT coalesce(min(coalesce(c.position, 0)), $2) FROM " +
            "(SELECT unnest($1::text[]) AS name UNION SELECT destination FROM export_cursor WHERE heartbeat_at > now() - interval '1 day') AS d " +
            "LEFT JOIN export_cursor c ON c.destination = d.name");
        command.Parameters.AddWithValue(Destinations.Select(d => d.Name).ToArray());
        command.Parameters.AddWithValue(last);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether any destination can receive records of <paramref name="kind"/> (the API's taps write only then).</summary>
    public bool Wants(ExportKind kind) => Destinations.Any(d => d.Filter.Wants(kind));

    /// <summary>Whether any destination receives allowed decisions or flows of <paramref name="kind"/> (otherwise only denials are written).</summary>
    public bool WantsAllows(ExportKind kind) => Destinations.Any(d => d.Filter.WantsAllows(kind));

    [LoggerMessage(Level = LogLevel.Information, Message = "Exporting to {Count} destination(s): {Destinations}")]
    private static partial void LogStarting(ILogger logger, int count, string destinations);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Export retention deleted {Deleted} records through position {Position}")]
    private static partial void LogRetained(ILogger logger, long deleted, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export retention failed; it runs again at the next interval")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
