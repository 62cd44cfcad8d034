using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Audit;

/// <summary>
/// Audit records in PostgreSQL's <c>audit_record</c> table (see <c>db/</c>): the database refuses updates and
/// deletes, and the primary key (scope, seq) refuses a second record at the same place in a chain. Provider failures
/// leave as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/> (see
/// <see cref="StorageFailures"/>): the callers are grains. With <paramref name="exportAudit"/> (the silo's setting),
/// each record's export record (<see cref="ExportRecords.From(AuditRecord)"/>) is appended to the export outbox in the same transaction:
/// an audited lockout, lock, grant, revoke or quarantine step is exported if and only if it is audited.
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource dataSource, ILogger<PostgresAuditStore>? logger = null, bool exportAudit = false) : IAuditStore
{
    private const string Columns = "seq, plant_id, at, actor, action, target, outcome, detail, prev_hash, hash";

    private readonly ILogger _logger = logger ?? NullLogger<PostgresAuditStore>.Instance;

    public async Task<AuditRecord?> LastAsync(string scope, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryLastAsync(scope, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "read", _logger);
        }
    }

    public async Task AppendAsync(string scope, AuditRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await TryAppendAsync(scope, record, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "append", _logger);
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(string scope, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryReadAsync(scope, afterSequence, limit, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "read", _logger);
        }
    }

    public async Task AppendManyAsync(string scope, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }

        try
        {
            await TryAppendManyAsync(scope, records, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "append", _logger);
        }
    }

    public async Task<AuditPage> QueryAsync(string scope, AuditQuery query, CancellationToken cancellationToken = default)
    {
        try
        {
            return await TryQueryAsync(scope, query, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.AuditLog, "read", _logger);
        }
    }

    private async Task TryAppendManyAsync(string scope, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        // One statement: the batch lands whole or not at all, and the primary key refuses it if another writer was first.
        // With the export, the batch's export records commit in the same transaction, as for a single record.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = exportAudit ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var command = new NpgsqlCommand(
            $"INSERT INTO audit_record (scope, {Columns}) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], "
            + "$5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bytea[], $11::bytea[])", connection, transaction);
        command.Parameters.AddWithValue(scope);
        command.Parameters.AddWithValue(records.Select(r => r.Sequence).ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, records.Select(r => (object?)r.Entry.Plant ?? DBNull.Value).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.At).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.Actor).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.Action).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.Target).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.Outcome).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Entry.Detail).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.PreviousHash).ToArray());
        command.Parameters.AddWithValue(records.Select(r => r.Hash).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (transaction is not null)
        {
            await PostgresExportOutbox.AppendAsync(connection, transaction, records.Select(ExportRecords.From).ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task<AuditPage> TryQueryAsync(string scope, AuditQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = new List<string> { "scope = $1" };
        command.Parameters.AddWithValue(scope);
        void Add(string condition, object value)
        {
            command.Parameters.AddWithValue(value);
            where.Add(condition.Replace("@", "$" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        if (query.Cursor is { } cursor)
        {
            Add(query.OldestFirst ? "seq > @" : "seq < @", cursor);
        }

        if (query.From is { } from)
        {
            Add("at >= @", from);
        }

        if (query.To is { } to)
        {
            Add("at < @", to);
        }

        if (query.Actor is { } actor)
        {
            command.Parameters.AddWithValue(actor);
            var n = command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            where.Add($"(actor = ${n} OR starts_with(actor, ${n} || ' ('))");
        }

        if (query.ActionPrefix is { } prefix)
        {
            Add("starts_with(action, @)", prefix);
        }

        if (query.Target is { } target)
        {
            Add("target = @", target);
        }

        command.Parameters.AddWithValue(query.Limit + 1);
        command.CommandText = $"SELECT {Columns} FROM audit_record WHERE {string.Join(" AND ", where)} "
            + $"ORDER BY seq {(query.OldestFirst ? "ASC" : "DESC")} LIMIT ${command.Parameters.Count}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        var more = records.Count > query.Limit;
        if (more)
        {
            records.RemoveAt(records.Count - 1);
        }

        return new AuditPage(records, more ? records[^1].Sequence : null);
    }

    private async Task<AuditRecord?> TryLastAsync(string scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM audit_record WHERE scope = $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue(scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task TryAppendAsync(string scope, AuditRecord record, CancellationToken cancellationToken)
    {
        if (!exportAudit)
        {
            await using var command = dataSource.CreateCommand(InsertSql);
            AddParameters(command.Parameters, scope, record);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            AddParameters(insert.Parameters, scope, record);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await PostgresExportOutbox.AppendAsync(connection, transaction, [ExportRecords.From(record)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private const string InsertSql = $"INSERT INTO audit_record (scope, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    private static void AddParameters(NpgsqlParameterCollection parameters, string scope, AuditRecord record)
    {
        var entry = record.Entry;
        parameters.AddWithValue(scope);
        parameters.AddWithValue(record.Sequence);
        parameters.AddWithValue(NpgsqlDbType.Text, (object?)entry.Plant ?? DBNull.Value);
        parameters.AddWithValue(entry.At);
        parameters.AddWithValue(entry.Actor);
        parameters.AddWithValue(entry.Action);
        parameters.AddWithValue(entry.Target);
        parameters.AddWithValue(entry.Outcome);
        parameters.AddWithValue(entry.Detail);
        parameters.AddWithValue(record.PreviousHash);
        parameters.AddWithValue(record.Hash);
    }

    private async Task<IReadOnlyList<AuditRecord>> TryReadAsync(string scope, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM audit_record WHERE scope = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.AddWithValue(scope);
        command.Parameters.AddWithValue(afterSequence);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static AuditRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        new AuditEntry(
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7)),
        reader.GetFieldValue<byte[]>(8),
        reader.GetFieldValue<byte[]>(9));
}
