using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>
/// Incidents in PostgreSQL (see <c>db/0006_incidents.sql</c>): the columns serve the filters, <c>body</c> keeps the
/// whole incident. Provider failures leave as <see cref="StorageUnavailableException"/> or
/// <see cref="StorageFailedException"/>: the caller is a grain.
/// </summary>
public sealed class PostgresIncidentStore(NpgsqlDataSource dataSource, ILogger<PostgresIncidentStore>? logger = null) : IIncidentStore
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresIncidentStore>.Instance;

    public Task<IncidentStoreState> LoadAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
        {
            long sequence = 0, revision = 0;
            await using (var counter = dataSource.CreateCommand("SELECT sequence, revision FROM incident_counter"))
            await using (var reader = await counter.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    (sequence, revision) = (reader.GetInt64(0), reader.GetInt64(1));
                }
            }

            var cursors = new Dictionary<PlantId, long>();
            await using (var command = dataSource.CreateCommand("SELECT plant_id, revision FROM incident_cursor"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    cursors[PlantId.Parse(reader.GetString(0))] = reader.GetInt64(1);
                }
            }

            var active = await QueryAsync(
                "SELECT body FROM incident WHERE status <> 'closed' AND updated >= $1 ORDER BY revision",
                [activeSince.ToUniversalTime()],
                cancellationToken);
            return new IncidentStoreState(sequence, revision, cursors, active);
        });

    public Task SaveAsync(IncidentWrite write, CancellationToken cancellationToken = default) =>
        RunAsync("save", async () =>
        {
            ArgumentNullException.ThrowIfNull(write);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var incident in write.Incidents)
            {
                batch.BatchCommands.Add(Upsert(incident));
            }

            foreach (var (plant, revision) in write.Cursors)
            {
                var cursor = new NpgsqlBatchCommand(
                    "INSERT INTO incident_cursor (plant_id, revision) VALUES ($1, $2) ON CONFLICT (plant_id) DO UPDATE SET revision = GREATEST(incident_cursor.revision, EXCLUDED.revision)");
                cursor.Parameters.Add(new NpgsqlParameter { Value = plant.Value });
                cursor.Parameters.Add(new NpgsqlParameter { Value = revision });
                batch.BatchCommands.Add(cursor);
            }

            var counter = new NpgsqlBatchCommand(
                """
                INSERT INTO incident_counter (singleton, sequence, revision) VALUES (true, $1, $2)
                ON CONFLICT (singleton) DO UPDATE SET sequence = GREATEST(incident_counter.sequence, EXCLUDED.sequence),
                    revision = GREATEST(incident_counter.revision, EXCLUDED.revision)
                """);
            counter.Parameters.Add(new NpgsqlParameter { Value = write.Sequence });
            counter.Parameters.Add(new NpgsqlParameter { Value = write.Revision });
            batch.BatchCommands.Add(counter);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        });

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () => (await QueryAsync("SELECT body FROM incident WHERE id = $1", [id], cancellationToken)).FirstOrDefault());

    public Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
        {
            ArgumentNullException.ThrowIfNull(query);
            var parameters = new List<object>();
            var clauses = new List<string> { "true" };

            void Add(string clause, object value)
            {
                parameters.Add(value);
                clauses.Add(clause.Replace("{p}", "$" + parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            if (query.Statuses.Count > 0)
            {
                Add("status = ANY({p})", query.Statuses.Select(DetectionSpelling.Of).ToArray());
            }

            if (query.MinSeverity is { } min)
            {
                Add("severity_rank >= {p}", (short)IncidentSeverity.Rated(min));
            }

            if (query.Plants.Count > 0)
            {
                Add("plants && {p}", query.Plants.Select(p => p.Value).ToArray());
            }

            if (query.Identity is { } identity)
            {
                Add("identities @> {p}", new[] { identity.Value });
            }

            if (query.Asset is { } asset)
            {
                Add("assets @> {p}", new[] { asset.Value });
            }

            if (query.From is { } from)
            {
                Add("updated >= {p}", from.ToUniversalTime());
            }

            if (query.To is { } to)
            {
                Add("opened < {p}", to.ToUniversalTime());
            }

            if (query.After is { } after)
            {
                parameters.Add(DateTimeOffset.FromUnixTimeMilliseconds(after.Opened.ToUnixTimeMilliseconds()).UtcDateTime);
                parameters.Add(after.Id);
                clauses.Add($"(date_trunc('milliseconds', opened), id COLLATE \"C\") < (${parameters.Count - 1}, ${parameters.Count})");
            }

            parameters.Add(query.Limit + 1);
            var page = (await QueryAsync(
                $"SELECT body FROM incident WHERE {string.Join(" AND ", clauses)} ORDER BY date_trunc('milliseconds', opened) DESC, id COLLATE \"C\" DESC LIMIT ${parameters.Count}",
                parameters,
                cancellationToken)).ToList();
            var more = page.Count > query.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            return new IncidentPage(page, more ? IncidentCursor.After(page[^1]) : null);
        });

    public Task<IReadOnlyList<Incident>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default) =>
        RunAsync("read", () => QueryAsync("SELECT body FROM incident WHERE revision > $1 ORDER BY revision LIMIT $2", [revision, limit], cancellationToken));

    private static NpgsqlBatchCommand Upsert(Incident incident)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO incident (id, revision, status, severity_rank, opened, updated, plants, identities, assets, owner, merged_into, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET
                revision = EXCLUDED.revision, status = EXCLUDED.status, severity_rank = EXCLUDED.severity_rank,
                opened = EXCLUDED.opened, updated = EXCLUDED.updated, plants = EXCLUDED.plants,
                identities = EXCLUDED.identities, assets = EXCLUDED.assets, owner = EXCLUDED.owner,
                merged_into = EXCLUDED.merged_into, body = EXCLUDED.body
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = incident.Id });
        p.Add(new NpgsqlParameter { Value = incident.Revision });
        p.Add(new NpgsqlParameter { Value = DetectionSpelling.Of(incident.Status) });
        p.Add(new NpgsqlParameter { Value = (short)IncidentSeverity.Rated(incident.Severity) });
        p.Add(new NpgsqlParameter { Value = incident.Opened.ToUniversalTime() });
        p.Add(new NpgsqlParameter { Value = incident.Updated.ToUniversalTime() });
        p.Add(new NpgsqlParameter { Value = incident.Plants.Select(x => x.Value).ToArray() });
        p.Add(new NpgsqlParameter { Value = incident.Identities.Select(x => x.Value).ToArray() });
        p.Add(new NpgsqlParameter { Value = incident.Assets.Select(x => x.Value).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)incident.Owner ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)incident.MergedInto ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(incident, ZtFleetSerialization.JsonOptions) });
        return command;
    }

    private async Task<IReadOnlyList<Incident>> QueryAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<Incident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(JsonSerializer.Deserialize<Incident>(reader.GetString(0), ZtFleetSerialization.JsonOptions)
                ?? throw new InvalidOperationException("An incident row has an empty body."));
        }

        return incidents;
    }

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.Incidents, operation, _logger);
        }
    }
}
