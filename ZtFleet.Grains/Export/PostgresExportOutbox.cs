using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The outbox in PostgreSQL's <c>export_outbox</c> table (<c>db/0007_export_outbox.sql</c>). Provider failures leave
/// as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/> (the callers are grains).
/// </summary>
/// <remarks>
/// Positions come from an identity column, and identity values of concurrent transactions commit out of order: a
/// reader that has passed position 12 would never see a position 11 committed after it. Every append therefore takes
/// the transaction-level advisory lock <see cref="AppendLockKey"/> first: appends are serialised, each commits (and
/// releases the lock) before the next draws its positions, so a reader of <c>position &gt; cursor</c> skips nothing.
/// The cost is one append transaction at a time (one round trip and one commit): producers append in batches.
/// </remarks>
public sealed class PostgresExportOutbox(NpgsqlDataSource dataSource, ILogger<PostgresExportOutbox>? logger = null) : IExportOutbox
{
    /// <summary>The advisory lock key that serialises appends (any other use of this number would share the lock).</summary>
    public const long AppendLockKey = 0x7A74_0007_0000_0001;

    private const string Insert =
        "INSERT INTO export_outbox (kind, plant_id, at, severity, body) " +
        "SELECT k, p, a, s, b FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::smallint[], $5::text[]) " +
        "WITH ORDINALITY AS r(k, p, a, s, b, n) ORDER BY n RETURNING position";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresExportOutbox>.Instance;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExportRecord>> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return [];
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var stored = await AppendAsync(connection, transaction, records, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return stored;
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.ExportOutbox, "append", _logger);
        }
    }

    /// <summary>
    /// Appends inside the caller's <paramref name="transaction"/> (the audit store's, so an audit record and its export
    /// record commit together). Takes the append lock until that transaction ends: commit soon.
    /// </summary>
    public static async Task<IReadOnlyList<ExportRecord>> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(records);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = AppendLockKey });
            batch.BatchCommands.Add(lockCommand);

            var insert = new NpgsqlBatchCommand(Insert);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = records.Select(r => r.Kind.ToString()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = records.Select(r => r.Plant).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = records.Select(r => r.At.ToUniversalTime()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint, Value = records.Select(r => SeverityNumber(r.Severity)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = records.Select(r => r.Body).ToArray() });
            batch.BatchCommands.Add(insert);

            var positions = new List<long>(records.Count);
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    positions.Add(reader.GetInt64(0));
                }
            }

            // Rows are inserted in input order under the lock, so the ascending positions are the input's positions.
            positions.Sort();
            var stored = new ExportRecord[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                stored[i] = records[i] with { Position = positions[i] };
            }

            return stored;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExportRecord>> ReadAsync(long position, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        try
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
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.ExportOutbox, "read", _logger);
        }
    }

    private static short SeverityNumber(Severity severity) => Enum.IsDefined(severity) ? (short)severity : (short)Severity.Critical;
}
