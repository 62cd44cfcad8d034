using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// Fleet versions in PostgreSQL's <c>fleet_version</c> table, their documents' parts in <c>fleet_version_part</c>
/// (see <c>db/0008_fleet_versions.sql</c>). Provider
/// failures leave as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>.
/// </summary>
public sealed class PostgresFleetVersionStore(NpgsqlDataSource dataSource, ILogger<PostgresFleetVersionStore>? logger = null) : IFleetVersionStore
{
    private const string Columns = "version, apply_id, document_hash, actor, at, reason, ticket, source, rollback_of, added, changed, removed";

    private const string Stage = """
        INSERT INTO fleet_version (apply_id, version, document_hash, actor, at, reason, ticket, source, rollback_of, added, changed, removed, parts)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (apply_id) DO UPDATE SET
            version = EXCLUDED.version, document_hash = EXCLUDED.document_hash, actor = EXCLUDED.actor, at = EXCLUDED.at,
            reason = EXCLUDED.reason, ticket = EXCLUDED.ticket, source = EXCLUDED.source, rollback_of = EXCLUDED.rollback_of,
            added = EXCLUDED.added, changed = EXCLUDED.changed, removed = EXCLUDED.removed, parts = EXCLUDED.parts
        WHERE NOT fleet_version.recorded
        """;

    private const string StageParts = """
        INSERT INTO fleet_version_part (hash, text)
        SELECT * FROM unnest($1::text[], $2::text[])
        ON CONFLICT (hash) DO NOTHING
        """;

    private readonly ILogger _logger = logger ?? NullLogger<PostgresFleetVersionStore>.Instance;

    public Task StageAsync(FleetVersion version, IReadOnlyList<string> parts, IReadOnlyList<FleetDocumentPart> newParts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(newParts);
        var v = version;
        return RunAsync("stage", async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (newParts.Count > 0)
            {
                // Content-addressed: a part already stored (by this or any earlier version) is not written again.
                await using var insertParts = new NpgsqlCommand(StageParts, connection, transaction);
                insertParts.Parameters.AddWithValue(newParts.Select(p => p.Hash).ToArray());
                insertParts.Parameters.AddWithValue(newParts.Select(p => p.Text).ToArray());
                await insertParts.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand(Stage, connection, transaction);
            command.Parameters.AddWithValue(v.ApplyId);
            command.Parameters.AddWithValue(v.Number);
            command.Parameters.AddWithValue(v.DocumentHash);
            command.Parameters.AddWithValue(v.Actor);
            command.Parameters.AddWithValue(v.At.ToUniversalTime());
            command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)v.Reason ?? DBNull.Value);
            command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)v.Ticket ?? DBNull.Value);
            command.Parameters.AddWithValue(SourceName(v.Source));
            command.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)v.RollbackOf ?? DBNull.Value);
            command.Parameters.AddWithValue(v.Added);
            command.Parameters.AddWithValue(v.Changed);
            command.Parameters.AddWithValue(v.Removed);
            command.Parameters.AddWithValue(parts.ToArray());
            var rows = await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        });
    }

    public async Task RecordAsync(Guid applyId, CancellationToken cancellationToken = default)
    {
        var outcome = await RunAsync("record", async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var read = new NpgsqlCommand("SELECT version, recorded FROM fleet_version WHERE apply_id = $1 FOR UPDATE", connection, transaction);
            read.Parameters.AddWithValue(applyId);
            long number;
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return "missing";
                }

                if (reader.GetBoolean(1))
                {
                    return "recorded";
                }

                number = reader.GetInt64(0);
            }

            await using (var record = new NpgsqlCommand("UPDATE fleet_version SET recorded = true WHERE apply_id = $1", connection, transaction))
            {
                record.Parameters.AddWithValue(applyId);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            // Staged versions of applies that were never decided: nobody will record them.
            await using (var drop = new NpgsqlCommand("DELETE FROM fleet_version WHERE NOT recorded AND version <= $1", connection, transaction))
            {
                drop.Parameters.AddWithValue(number);
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return "recorded";
        });
        if (outcome == "missing")
        {
            throw new InvalidOperationException($"No fleet version is staged for apply {applyId}.");
        }
    }

    public Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default) =>
        RunAsync("list", async () =>
        {
            await using var command = dataSource.CreateCommand(
                $"""
                SELECT {Columns} FROM fleet_version
                WHERE recorded AND ($1::bigint IS NULL OR version < $1) ORDER BY version DESC LIMIT $2
                """);
            command.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)before ?? DBNull.Value);
            command.Parameters.AddWithValue(limit + 1);
            var versions = new List<FleetVersion>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    versions.Add(Read(reader));
                }
            }

            await using var count = dataSource.CreateCommand("SELECT count(*) FROM fleet_version WHERE recorded");
            var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            var next = versions.Count > limit ? versions[limit - 1].Number : (long?)null;
            return new FleetVersionPage(versions.Take(limit).ToList(), total, next);
        });

    public Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default) =>
        RunAsync("get", async () =>
        {
            await using var command = dataSource.CreateCommand($"SELECT {Columns}, parts FROM fleet_version WHERE recorded AND version = $1");
            command.Parameters.AddWithValue(number);
            FleetVersion version;
            string[] parts;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                version = Read(reader);
                parts = reader.GetFieldValue<string[]>(12);
            }

            // The document is its parts in order (docs/fleet-versions.md, "Parts").
            await using var read = dataSource.CreateCommand("SELECT hash, text FROM fleet_version_part WHERE hash = ANY($1)");
            read.Parameters.AddWithValue(parts.Distinct(StringComparer.Ordinal).ToArray());
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    texts[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var missing = parts.FirstOrDefault(h => !texts.ContainsKey(h));
            return missing is null
                ? new FleetVersionDocument(version, string.Concat(parts.Select(h => texts[h])))
                : throw new InvalidOperationException($"Fleet version {number} names part {missing}, which is not stored.");
        });

    private static FleetVersion Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        ParseSource(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.GetInt32(9),
        reader.GetInt32(10),
        reader.GetInt32(11));

    private static string SourceName(FleetVersionSource source) => source switch
    {
        FleetVersionSource.Import => "import",
        FleetVersionSource.Rollback => "rollback",
        _ => "apply",
    };

    private static FleetVersionSource ParseSource(string name) => name switch
    {
        "import" => FleetVersionSource.Import,
        "rollback" => FleetVersionSource.Rollback,
        _ => FleetVersionSource.Apply,
    };

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.FleetVersions, operation, _logger);
        }
    }
}
