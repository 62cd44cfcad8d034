using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Grains.Propagation;

/// <summary>
/// The delta log in PostgreSQL's <c>plant_delta</c> table (see <c>db/</c>). The primary key (plant, epoch) makes a
/// stale writer fail instead of overwriting; the partial unique index on the idempotency key makes a retried
/// command find its first append. Provider failures leave as <see cref="StorageUnavailableException"/> or
/// <see cref="StorageFailedException"/> (see <see cref="StorageFailures"/>): the callers are grains.
/// </summary>
public sealed class PostgresDeltaLogStore(NpgsqlDataSource dataSource, ILogger<PostgresDeltaLogStore>? logger = null) : IDeltaLogStore
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresDeltaLogStore>.Instance;

    public async Task<DeltaAppendResult> AppendAsync(string plant, DeltaRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryAppendAsync(plant, record, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.DeltaLog, "append", _logger);
        }
    }

    public async Task<IReadOnlyList<DeltaRecord>> ReadAsync(string plant, long afterEpoch, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryReadAsync(plant, afterEpoch, limit, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.DeltaLog, "read", _logger);
        }
    }

    public async Task<long> LastEpochAsync(string plant, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(max(epoch), 0) FROM plant_delta WHERE plant_id = $1");
            command.Parameters.AddWithValue(plant);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.DeltaLog, "read", _logger);
        }
    }

    private async Task<DeltaAppendResult> TryAppendAsync(string plant, DeltaRecord record, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand(
            """
            INSERT INTO plant_delta (plant_id, epoch, kind, payload, idempotency_key, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6)
            ON CONFLICT (plant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING epoch
            """);
        insert.Parameters.AddWithValue(plant);
        insert.Parameters.AddWithValue(record.Epoch);
        insert.Parameters.AddWithValue(record.Kind);
        insert.Parameters.AddWithValue(record.Payload);
        insert.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)record.IdempotencyKey ?? DBNull.Value);
        insert.Parameters.AddWithValue(record.At);
        try
        {
            if (await insert.ExecuteScalarAsync(cancellationToken) is long stored)
            {
                return new DeltaAppendResult(stored, Duplicate: false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Without the provider's exception inside: it has no Orleans codec, and this one crosses grain calls.
            throw new DeltaEpochConflictException($"Plant '{plant}' already has epoch {record.Epoch} ({ex.ConstraintName}).");
        }

        await using var existing = dataSource.CreateCommand("SELECT epoch FROM plant_delta WHERE plant_id = $1 AND idempotency_key = $2");
        existing.Parameters.AddWithValue(plant);
        existing.Parameters.AddWithValue(record.IdempotencyKey!);
        var epoch = (long)(await existing.ExecuteScalarAsync(cancellationToken))!;
        return new DeltaAppendResult(epoch, Duplicate: true);
    }

    private async Task<IReadOnlyList<DeltaRecord>> TryReadAsync(string plant, long afterEpoch, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT epoch, kind, payload::text, idempotency_key, created_at FROM plant_delta WHERE plant_id = $1 AND epoch > $2 ORDER BY epoch LIMIT $3");
        command.Parameters.AddWithValue(plant);
        command.Parameters.AddWithValue(afterEpoch);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<DeltaRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new DeltaRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return records;
    }
}
