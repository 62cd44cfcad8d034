using Npgsql;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Api.Export;

/// <summary>
/// The exporter's side of <c>export_outbox</c> (<c>db/0007_export_outbox.sql</c>): reading in position order, the
/// backlog, and retention. Producers append through the silo (<c>PostgresExportOutbox</c>, whose append lock keeps
/// positions from becoming visible out of order, so reading <c>position &gt; cursor</c> skips nothing).
/// </summary>
public sealed class ExportOutboxReader(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="limit"/> records after <paramref name="position"/>, in position order.</summary>
    public async Task<IReadOnlyList<ExportRecord>> ReadAsync(long position, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT position, kind, plant_id, at, severity, body FROM export_outbox WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.AddWithValue(position);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ExportRecord>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ExportRecord(
                Enum.TryParse<ExportKind>(reader.GetString(1), out var kind) ? kind : ExportKind.Unspecified,
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                (Severity)reader.GetInt16(4),
                reader.GetString(5))
            {
                Position = reader.GetInt64(0),
            });
        }

        return records;
    }

    /// <summary>How many records lie after <paramref name="position"/> (a destination's backlog, before its filters).</summary>
    public async Task<long> CountAfterAsync(long position, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM export_outbox WHERE position > $1");
        command.Parameters.AddWithValue(position);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The highest position written so far (0 when none): the identity's last value survives retention.</summary>
    public async Task<long> LastPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce((SELECT max(position) FROM export_outbox), (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM export_outbox_position_seq), 0)");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Retention: deletes records at or before <paramref name="position"/>, at most <paramref name="batchSize"/> per
    /// statement (no transaction holds many rows, and appends are never blocked long), until none is left. Returns
    /// how many it deleted.
    /// </summary>
    public async Task<long> DeleteThroughAsync(long position, int batchSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM export_outbox WHERE position IN (SELECT position FROM export_outbox WHERE position <= $1 ORDER BY position LIMIT $2)");
            command.Parameters.AddWithValue(position);
            command.Parameters.AddWithValue(batchSize);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}
