using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Assessments in PostgreSQL's <c>compliance_assessment</c>, action statuses in <c>compliance_action_status</c> with
/// their history in <c>compliance_action_status_change</c> (see <c>db/0010_compliance.sql</c>). Provider failures leave
/// as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>.
/// </summary>
public sealed class PostgresComplianceStore(NpgsqlDataSource dataSource, ILogger<PostgresComplianceStore>? logger = null) : IComplianceStore
{
    private const string SummaryColumns = "id, scope, at, fleet_version, zones, zones_at_target, requirements_failing, controls_applicable, controls_implemented, maturity";

    private const string StatusColumns = "action_id, plant_id, status, changed_by, changed_at, note, risk_accepted_until";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresComplianceStore>.Instance;

    private static JsonSerializerOptions Json => ZtFleetSerialization.JsonOptions;

    public Task AddAsync(string scope, ComplianceAssessment assessment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var summary = ComplianceSummary.Of(assessment);
        return RunAsync("add", async () =>
        {
            await using var command = dataSource.CreateCommand($"""
                INSERT INTO compliance_assessment ({SummaryColumns}, state, assessment)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (id) DO NOTHING
                """);
            command.Parameters.AddWithValue(summary.Id);
            command.Parameters.AddWithValue(scope);
            command.Parameters.AddWithValue(summary.At.ToUniversalTime());
            command.Parameters.AddWithValue(summary.FleetVersion);
            command.Parameters.AddWithValue(summary.Zones);
            command.Parameters.AddWithValue(summary.ZonesAtTarget);
            command.Parameters.AddWithValue(summary.RequirementsFailing);
            command.Parameters.AddWithValue(summary.ControlsApplicable);
            command.Parameters.AddWithValue(summary.ControlsImplemented);
            command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(summary.Maturity, Json));
            command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(ComplianceItem.StateOf(assessment), Json));
            command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(assessment, Json));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }

    public Task<ComplianceAssessment?> GetAsync(string scope, string id, CancellationToken cancellationToken = default) =>
        RunAsync("get", async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT assessment::text FROM compliance_assessment WHERE scope = $1 AND id = $2");
            command.Parameters.AddWithValue(scope);
            command.Parameters.AddWithValue(id);
            return await command.ExecuteScalarAsync(cancellationToken) is string json
                ? JsonSerializer.Deserialize<ComplianceAssessment>(json, Json)
                : null;
        });

    public Task<ComplianceAssessmentPage> ListAsync(string scope, string? before, int limit, CancellationToken cancellationToken = default) =>
        RunAsync("list", async () =>
        {
            await using var command = dataSource.CreateCommand($"""
                SELECT {SummaryColumns} FROM compliance_assessment
                WHERE scope = $1 AND ($2::text IS NULL OR id < $2) ORDER BY id DESC LIMIT $3
                """);
            command.Parameters.AddWithValue(scope);
            command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)before ?? DBNull.Value);
            command.Parameters.AddWithValue(limit + 1);
            var summaries = new List<ComplianceSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                summaries.Add(new ComplianceSummary(
                    reader.GetString(0),
                    reader.GetString(1) == "fleet" ? null : PlantId.Parse(reader.GetString(1)),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetInt64(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetInt32(7),
                    reader.GetInt32(8),
                    JsonSerializer.Deserialize<Dictionary<MaturityPillar, MaturityStage>>(reader.GetString(9), Json) ?? []));
            }

            var next = summaries.Count > limit ? summaries[limit - 1].Id : null;
            return new ComplianceAssessmentPage(summaries.Take(limit).ToList(), next);
        });

    public Task<IReadOnlyList<ComplianceStatePoint>> SeriesAsync(string scope, string toId, int limit, CancellationToken cancellationToken = default) =>
        RunAsync("series", async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT id, at, state::text FROM compliance_assessment
                WHERE scope = $1 AND id <= $2 ORDER BY id DESC LIMIT $3
                """);
            command.Parameters.AddWithValue(scope);
            command.Parameters.AddWithValue(toId);
            command.Parameters.AddWithValue(limit);
            var series = new List<ComplianceStatePoint>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                series.Add(new ComplianceStatePoint(
                    reader.GetString(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2), Json) ?? []));
            }

            return (IReadOnlyList<ComplianceStatePoint>)series;
        });

    public Task<IReadOnlyDictionary<string, ActionStatusRecord>> StatusesAsync(IReadOnlyCollection<string> actionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actionIds);
        return RunAsync("statuses", async () =>
        {
            var found = new Dictionary<string, ActionStatusRecord>(StringComparer.Ordinal);
            if (actionIds.Count == 0)
            {
                return (IReadOnlyDictionary<string, ActionStatusRecord>)found;
            }

            await using var command = dataSource.CreateCommand($"SELECT {StatusColumns} FROM compliance_action_status WHERE action_id = ANY($1)");
            command.Parameters.AddWithValue(actionIds.Distinct(StringComparer.Ordinal).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var record = ReadStatus(reader);
                found[record.ActionId] = record;
            }

            return (IReadOnlyDictionary<string, ActionStatusRecord>)found;
        });
    }

    public Task SetStatusAsync(ActionStatusRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return RunAsync("set-status", async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var upsert = new NpgsqlCommand($"""
                INSERT INTO compliance_action_status ({StatusColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (action_id) DO UPDATE SET
                    plant_id = EXCLUDED.plant_id, status = EXCLUDED.status, changed_by = EXCLUDED.changed_by,
                    changed_at = EXCLUDED.changed_at, note = EXCLUDED.note, risk_accepted_until = EXCLUDED.risk_accepted_until
                """, connection, transaction))
            {
                AddStatus(upsert, record);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var history = new NpgsqlCommand($"INSERT INTO compliance_action_status_change ({StatusColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
            {
                AddStatus(history, record);
                await history.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        });
    }

    public Task<IReadOnlyList<ActionStatusRecord>> HistoryAsync(string actionId, CancellationToken cancellationToken = default) =>
        RunAsync("history", async () =>
        {
            await using var command = dataSource.CreateCommand($"SELECT {StatusColumns} FROM compliance_action_status_change WHERE action_id = $1 ORDER BY sequence");
            command.Parameters.AddWithValue(actionId);
            var history = new List<ActionStatusRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                history.Add(ReadStatus(reader));
            }

            return (IReadOnlyList<ActionStatusRecord>)history;
        });

    /// <summary>A status as the table spells it.</summary>
    public static string StatusName(ActionStatus status) => status switch
    {
        ActionStatus.Accepted => "accepted",
        ActionStatus.InProgress => "in-progress",
        ActionStatus.Done => "done",
        ActionStatus.RiskAccepted => "risk-accepted",
        _ => "proposed",
    };

    private static ActionStatus ParseStatus(string name) => name switch
    {
        "accepted" => ActionStatus.Accepted,
        "in-progress" => ActionStatus.InProgress,
        "done" => ActionStatus.Done,
        "risk-accepted" => ActionStatus.RiskAccepted,
        _ => ActionStatus.Proposed,
    };

    private static void AddStatus(NpgsqlCommand command, ActionStatusRecord record)
    {
        command.Parameters.AddWithValue(record.ActionId);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)record.Plant?.Value ?? DBNull.Value);
        command.Parameters.AddWithValue(StatusName(record.Status));
        command.Parameters.AddWithValue(record.By);
        command.Parameters.AddWithValue(record.At.ToUniversalTime());
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)record.Note ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)record.RiskAcceptedUntil?.ToUniversalTime() ?? DBNull.Value);
    }

    private static ActionStatusRecord ReadStatus(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : PlantId.Parse(reader.GetString(1)),
        ParseStatus(reader.GetString(2)),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.Compliance, operation, _logger);
        }
    }
}
