using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using Npgsql;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Authorization;

namespace ZtFleet.Api.Export;

/// <summary>
/// <c>ztfleet.v1.ExportService</c>: the export's status, read from the database (any API process answers the same
/// figures, whichever sends).
/// </summary>
public sealed class ExportApiService(IServiceProvider services, DecisionExportWriter decisions) : ExportService.ExportServiceBase
{
    /// <summary>After this long without a report from its sender, a destination has none.</summary>
    public static readonly TimeSpan SenderSilence = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override async Task<GetExportStatusResponse> GetExportStatus(GetExportStatusRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.ReadExport);
        var response = new GetExportStatusResponse { DecisionsNotExported = decisions.NotExported };
        if (services.GetService<Exporter>() is not { } exporter || services.GetService<ExportDatabase>() is not { } database)
        {
            return response;
        }

        response.Durable = true;
        try
        {
            response.LastPosition = await database.Outbox.LastPositionAsync(context.CancellationToken);
            var rows = await ReadCursorsAsync(database, exporter, context.CancellationToken);
            foreach (var destination in exporter.Destinations)
            {
                var status = new ExportDestinationStatus
                {
                    Name = destination.Name,
                    Transport = TransportName(destination.Transport),
                    Format = destination.Format.ToString().ToLowerInvariant(),
                    State = ExportSenderState.NoSender,
                    SendingHere = exporter.IsActive(destination.Name),
                };
                if (rows.TryGetValue(destination.Name, out var row))
                {
                    status.Cursor = row.Position;
                    status.Delivered = row.Delivered;
                    status.Holder = row.Holder ?? string.Empty;
                    status.LastError = row.LastError ?? string.Empty;
                    status.LastErrorAt = Stamp(row.LastErrorAt);
                    status.LastDeliveredAt = Stamp(row.LastDeliveredAt);
                    status.HeartbeatAt = Stamp(row.HeartbeatAt);
                    status.State = row.HeartbeatAt is { } beat && row.Now - beat <= SenderSilence ? StateOf(row.State) : ExportSenderState.NoSender;
                }

                status.Backlog = await database.Outbox.CountAfterAsync(status.Cursor, context.CancellationToken);
                response.Destinations.Add(status);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw new StorageUnavailableException("export-outbox", (ex as PostgresException)?.SqlState, "The export status cannot be read now; retry shortly.");
        }

        return response;
    }

    internal static string TransportName(ExportTransport transport) => transport switch
    {
        ExportTransport.SyslogTcp => "syslog-tcp",
        ExportTransport.SyslogTls => "syslog-tls",
        ExportTransport.SyslogUdp => "syslog-udp",
        _ => "webhook",
    };

    private static ExportSenderState StateOf(string state) => state switch
    {
        "starting" => ExportSenderState.Starting,
        "delivering" => ExportSenderState.Delivering,
        "idle" => ExportSenderState.Idle,
        "retrying" => ExportSenderState.Retrying,
        "stopped" => ExportSenderState.Stopped,
        _ => ExportSenderState.Unspecified,
    };

    private static Timestamp? Stamp(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    private static async Task<Dictionary<string, CursorRow>> ReadCursorsAsync(ExportDatabase database, Exporter exporter, CancellationToken cancellationToken)
    {
        await using var command = database.Pooled.CreateCommand(
            "SELECT destination, position, delivered, state, holder, heartbeat_at, last_delivered_at, last_error, last_error_at, now() " +
            "FROM export_cursor WHERE destination = ANY($1)");
        command.Parameters.AddWithValue(exporter.Destinations.Select(d => d.Name).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<string, CursorRow>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)] = new CursorRow(
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9));
        }

        return rows;
    }

    private sealed record CursorRow(
        long Position,
        long Delivered,
        string State,
        string? Holder,
        DateTimeOffset? HeartbeatAt,
        DateTimeOffset? LastDeliveredAt,
        string? LastError,
        DateTimeOffset? LastErrorAt,
        DateTimeOffset Now);
}
