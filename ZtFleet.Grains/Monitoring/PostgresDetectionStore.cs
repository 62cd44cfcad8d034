using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// Detections in PostgreSQL's <c>detection</c> table (see <c>db/0004_detections.sql</c>): the columns serve the
/// filters, the <c>finding</c> column keeps the whole finding. The partial unique index on (plant, key) while in force
/// refuses a duplicate. Provider failures leave as <see cref="StorageUnavailableException"/> or
/// <see cref="StorageFailedException"/>: the callers are grains.
/// </summary>
public sealed class PostgresDetectionStore(NpgsqlDataSource dataSource, ILogger<PostgresDetectionStore>? logger = null) : IDetectionStore
{
    private const string Columns = "id, status, count, first_seen, last_seen, acknowledged_by, acknowledged_at, closed_by, closed_at, close_reason, revision, finding";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresDetectionStore>.Instance;

    public Task<(long Sequence, long Revision)> LastAsync(PlantId plant, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(max(seq), 0), coalesce(max(revision), 0) FROM detection WHERE plant_id = $1");
            command.Parameters.AddWithValue(plant.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0), reader.GetInt64(1));
        });

    public Task<IReadOnlyList<Detection>> InForceAsync(PlantId plant, CancellationToken cancellationToken = default) =>
        RunAsync("read", () => QueryAsync(
            $"SELECT {Columns} FROM detection WHERE plant_id = $1 AND status IN ('open', 'acknowledged') ORDER BY seq",
            [plant.Value],
            cancellationToken));

    public Task SaveAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken = default) =>
        RunAsync("save", async () =>
        {
            ArgumentNullException.ThrowIfNull(detections);
            if (detections.Count == 0)
            {
                return 0;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var detection in detections)
            {
                batch.BatchCommands.Add(Upsert(detection));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            await PostgresExportOutbox.AppendAsync(connection, transaction, detections.Select(ExportRecords.From).ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        });

    public Task<Detection?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
            (await QueryAsync($"SELECT {Columns} FROM detection WHERE id = $1", [id], cancellationToken)).FirstOrDefault());

    public Task<DetectionPage> ListAsync(DetectionQuery query, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
        {
            ArgumentNullException.ThrowIfNull(query);
            var (where, parameters) = Filter(query);
            await using var count = dataSource.CreateCommand($"SELECT count(*) FROM detection WHERE {where}");
            foreach (var parameter in parameters)
            {
                count.Parameters.Add(Parameter(parameter));
            }

            var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            var pageWhere = where;
            var pageParameters = new List<object>(parameters);
            if (query.BeforeSequence is { } before)
            {
                pageParameters.Add(before);
                pageWhere += $" AND seq < ${pageParameters.Count}";
            }

            pageParameters.Add(query.Limit + 1);
            var page = (await QueryAsync(
                $"SELECT {Columns} FROM detection WHERE {pageWhere} ORDER BY seq DESC LIMIT ${pageParameters.Count}",
                pageParameters,
                cancellationToken)).ToList();
            var more = page.Count > query.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            return new DetectionPage(page, total, more ? DetectionQuery.SequenceOf(page[^1].Id) : null);
        });

    public Task<IReadOnlyList<Detection>> ChangedAfterAsync(PlantId plant, long revision, int limit, CancellationToken cancellationToken = default) =>
        RunAsync("read", () => QueryAsync(
            $"SELECT {Columns} FROM detection WHERE plant_id = $1 AND revision > $2 ORDER BY revision LIMIT $3",
            [plant.Value, revision, limit],
            cancellationToken));

    private static (string Where, List<object> Parameters) Filter(DetectionQuery query)
    {
        var parameters = new List<object> { query.Plant.Value };
        var clauses = new List<string> { "plant_id = $1" };

        void Add(string clause, object value)
        {
            parameters.Add(value);
            clauses.Add(clause.Replace("@", "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        if (query.Statuses.Count > 0)
        {
            Add("status = ANY(@)", query.Statuses.Select(DetectionSpelling.Of).ToArray());
        }

        if (query.Types.Count > 0)
        {
            Add("type = ANY(@)", query.Types.Select(DetectionSpelling.Of).ToArray());
        }

        if (query.MinSeverity is { } min)
        {
            Add("severity_rank >= @", (short)DetectionRecording.Rank(min));
        }

        if (query.Asset is { } asset)
        {
            Add("asset_id = @", asset.Value);
        }

        if (query.Identity is { } identity)
        {
            Add("identity_id = @", identity.Value);
        }

        if (query.Zone is { } zone)
        {
            Add("zone_id = @", zone.Value);
        }

        if (query.From is { } from)
        {
            Add("last_seen >= @", from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            Add("first_seen < @", to.ToUniversalTime());
        }

        return (string.Join(" AND ", clauses), parameters);
    }

    private static NpgsqlBatchCommand Upsert(Detection d)
    {
        var f = d.Finding;
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO detection (id, plant_id, seq, revision, type, severity, severity_rank, status, asset_id, zone_id,
                identity_id, source_ip, technique, key, summary, evidence, count, first_seen, last_seen, acknowledged_by,
                acknowledged_at, closed_by, closed_at, close_reason, finding)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
            ON CONFLICT (id) DO UPDATE SET
                revision = EXCLUDED.revision, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
                status = EXCLUDED.status, summary = EXCLUDED.summary, evidence = EXCLUDED.evidence, count = EXCLUDED.count,
                first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, acknowledged_by = EXCLUDED.acknowledged_by,
                acknowledged_at = EXCLUDED.acknowledged_at, closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at,
                close_reason = EXCLUDED.close_reason, technique = EXCLUDED.technique, finding = EXCLUDED.finding
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = d.Id });
        p.Add(new NpgsqlParameter { Value = d.Plant.Value });
        p.Add(new NpgsqlParameter { Value = DetectionQuery.SequenceOf(d.Id) ?? throw new ArgumentException($"'{d.Id}' is not a detection id.", nameof(d)) });
        p.Add(new NpgsqlParameter { Value = d.Revision });
        p.Add(new NpgsqlParameter { Value = DetectionSpelling.Of(f.Type) });
        p.Add(new NpgsqlParameter { Value = DetectionSpelling.Of(f.Severity) });
        p.Add(new NpgsqlParameter { Value = (short)DetectionRecording.Rank(f.Severity) });
        p.Add(new NpgsqlParameter { Value = DetectionSpelling.Of(d.Status) });
        p.Add(Text(f.Asset?.Value));
        p.Add(Text(f.Zone?.Value));
        p.Add(Text(f.Identity?.Value));
        p.Add(Text(f.Source?.Ip));
        p.Add(Text(f.Technique?.Id));
        p.Add(new NpgsqlParameter { Value = f.Key });
        p.Add(new NpgsqlParameter { Value = f.Summary });
        p.Add(new NpgsqlParameter { Value = f.Evidence.ToArray() });
        p.Add(new NpgsqlParameter { Value = d.Count });
        p.Add(new NpgsqlParameter { Value = d.FirstSeen.ToUniversalTime() });
        p.Add(new NpgsqlParameter { Value = d.LastSeen.ToUniversalTime() });
        p.Add(Text(d.AcknowledgedBy));
        p.Add(Time(d.AcknowledgedAt));
        p.Add(Text(d.ClosedBy));
        p.Add(Time(d.ClosedAt));
        p.Add(Text(d.CloseReason));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(f, ZtFleetSerialization.JsonOptions) });
        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter Parameter(object value) => new() { Value = value };

    private async Task<IReadOnlyList<Detection>> QueryAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(Parameter(parameter));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var detections = new List<Detection>();
        while (await reader.ReadAsync(cancellationToken))
        {
            detections.Add(Read(reader));
        }

        return detections;
    }

    private static Detection Read(NpgsqlDataReader reader)
    {
        var finding = JsonSerializer.Deserialize<Finding>(reader.GetString(11), ZtFleetSerialization.JsonOptions)
            ?? throw new InvalidOperationException($"Detection '{reader.GetString(0)}' has no finding.");
        DetectionSpelling.TryParse<DetectionStatus>(reader.GetString(1), out var status);
        return new Detection(reader.GetString(0), finding, status, reader.GetInt64(2), Utc(reader, 3)!.Value, Utc(reader, 4)!.Value)
        {
            AcknowledgedBy = reader.IsDBNull(5) ? null : reader.GetString(5),
            AcknowledgedAt = Utc(reader, 6),
            ClosedBy = reader.IsDBNull(7) ? null : reader.GetString(7),
            ClosedAt = Utc(reader, 8),
            CloseReason = reader.IsDBNull(9) ? null : reader.GetString(9),
            Revision = reader.GetInt64(10),
        };
    }

    private static DateTimeOffset? Utc(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.Detections, operation, _logger);
        }
    }
}
