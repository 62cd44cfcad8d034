using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>
/// The acknowledgement history in PostgreSQL's <c>enforcement_acknowledgement</c> table (see <c>db/</c>). Provider
/// failures leave as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>: the callers
/// are grains.
/// </summary>
public sealed class PostgresAcknowledgementStore(NpgsqlDataSource dataSource, ILogger<PostgresAcknowledgementStore>? logger = null) : IAcknowledgementStore
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresAcknowledgementStore>.Instance;

    public Task AppendAsync(string point, long epoch, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RunAsync("append", async () =>
        {
            await using var command = dataSource.CreateCommand(
                "INSERT INTO enforcement_acknowledgement (point_id, epoch, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue(point);
            command.Parameters.AddWithValue(epoch);
            command.Parameters.AddWithValue(at.ToUniversalTime());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        });

    public Task<DateTimeOffset?> FirstAtOrAfterAsync(string point, long epoch, CancellationToken cancellationToken = default) =>
        RunAsync("read", async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT at FROM enforcement_acknowledgement WHERE point_id = $1 AND epoch >= $2 ORDER BY epoch LIMIT 1");
            command.Parameters.AddWithValue(point);
            command.Parameters.AddWithValue(epoch);
            return await command.ExecuteScalarAsync(cancellationToken) is DateTime at
                ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
                : (DateTimeOffset?)null;
        });

    public Task PruneAsync(string point, int keep, CancellationToken cancellationToken = default) =>
        RunAsync("prune", async () =>
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM enforcement_acknowledgement
                WHERE point_id = $1
                  AND epoch < (SELECT epoch FROM enforcement_acknowledgement WHERE point_id = $1 ORDER BY epoch DESC OFFSET $2 - 1 LIMIT 1)
                """);
            command.Parameters.AddWithValue(point);
            command.Parameters.AddWithValue(keep);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.EnforcementAcknowledgements, operation, _logger);
        }
    }
}
