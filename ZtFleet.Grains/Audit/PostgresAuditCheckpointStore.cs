using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>
/// Signed checkpoints in PostgreSQL's <c>audit_checkpoint</c> table (<c>db/0009_audit_checkpoints.sql</c>), which
/// refuses updates and deletes. Provider failures leave as the storage exceptions of <see cref="StorageFailures"/>.
/// </summary>
public sealed class PostgresAuditCheckpointStore(NpgsqlDataSource dataSource, ILogger<PostgresAuditCheckpointStore>? logger = null) : IAuditCheckpointStore
{
    private const string Columns = "scope, seq, hash, at, algorithm, key_id, signature";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresAuditCheckpointStore>.Instance;

    public async Task AddAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            await using var command = dataSource.CreateCommand(
                $"INSERT INTO audit_checkpoint ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scope, seq) DO NOTHING");
            command.Parameters.AddWithValue(checkpoint.Scope);
            command.Parameters.AddWithValue(checkpoint.Sequence);
            command.Parameters.AddWithValue(checkpoint.Hash);
            command.Parameters.AddWithValue(checkpoint.At);
            command.Parameters.AddWithValue(checkpoint.Algorithm);
            command.Parameters.AddWithValue(checkpoint.KeyId);
            command.Parameters.AddWithValue(checkpoint.Signature);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "append", _logger);
        }
    }

    public async Task<AuditCheckpoint?> LatestAsync(string scope, CancellationToken cancellationToken = default)
    {
        var latest = await QueryAsync($"SELECT {Columns} FROM audit_checkpoint WHERE scope = $1 ORDER BY seq DESC LIMIT 1", cancellationToken, scope);
        return latest.Count == 0 ? null : latest[0];
    }

    public Task<IReadOnlyList<AuditCheckpoint>> ListAsync(string scope, long from, long to, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM audit_checkpoint WHERE scope = $1 AND seq >= $2 AND seq <= $3 AND seq > $4 ORDER BY seq LIMIT $5",
            cancellationToken, scope, from, to, afterSequence, limit);

    private async Task<IReadOnlyList<AuditCheckpoint>> QueryAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            foreach (var parameter in parameters)
            {
                command.Parameters.AddWithValue(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var checkpoints = new List<AuditCheckpoint>();
            while (await reader.ReadAsync(cancellationToken))
            {
                checkpoints.Add(new AuditCheckpoint(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetFieldValue<byte[]>(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<byte[]>(6)));
            }

            return checkpoints;
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "read", _logger);
        }
    }
}
