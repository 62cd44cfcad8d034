using Npgsql;

namespace ZtFleet.Api.Export;

/// <summary>
/// The right to send for one destination: a PostgreSQL session advisory lock held on a connection of its own, so one
/// API process at a time sends for a destination. The cursor moves only through this connection: a process whose
/// connection broke (and whose lock another process may now hold) cannot move it.
/// </summary>
internal sealed class ExportLease : IAsyncDisposable
{
    private const string LockKey = "hashtextextended('ztfleet-export/' || $1, 0)";
    private readonly NpgsqlConnection _connection;

    private ExportLease(NpgsqlConnection connection, string destination, long position)
    {
        _connection = connection;
        Destination = destination;
        Position = position;
    }

    /// <summary>The destination.</summary>
    public string Destination { get; }

    /// <summary>The cursor: every record at or before it has been delivered.</summary>
    public long Position { get; private set; }

    /// <summary>The lease of <paramref name="destination"/>, or null while another process holds it.</summary>
    public static async Task<ExportLease?> TryAcquireAsync(NpgsqlDataSource unpooled, string destination, string holder, CancellationToken cancellationToken)
    {
        var connection = await unpooled.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection))
            {
                tryLock.Parameters.AddWithValue(destination);
                if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    await connection.DisposeAsync();
                    return null;
                }
            }

            await using var claim = new NpgsqlCommand(
                "INSERT INTO export_cursor (destination, state, holder, heartbeat_at) VALUES ($1, 'starting', $2, now()) " +
                "ON CONFLICT (destination) DO UPDATE SET state = 'starting', holder = $2, heartbeat_at = now() RETURNING position",
                connection);
            claim.Parameters.AddWithValue(destination);
            claim.Parameters.AddWithValue(holder);
            var position = (long)(await claim.ExecuteScalarAsync(cancellationToken))!;
            return new ExportLease(connection, destination, position);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Moves the cursor to <paramref name="position"/>, counting <paramref name="delivered"/> more records sent.</summary>
    public async Task AdvanceAsync(long position, long delivered, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE export_cursor SET position = $2, delivered = delivered + $3, state = 'delivering', heartbeat_at = now()" +
            (delivered > 0 ? ", last_delivered_at = now()" : string.Empty) + " WHERE destination = $1 AND position <= $2",
            _connection);
        command.Parameters.AddWithValue(Destination);
        command.Parameters.AddWithValue(position);
        command.Parameters.AddWithValue(delivered);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Position = position;
    }

    /// <summary>Records the sender's state, and the error that put it there (null: keep the last error shown).</summary>
    public async Task ReportAsync(string state, string? error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE export_cursor SET state = $2, heartbeat_at = now()" +
            (error is null ? string.Empty : ", last_error = $3, last_error_at = now()") + " WHERE destination = $1",
            _connection);
        command.Parameters.AddWithValue(Destination);
        command.Parameters.AddWithValue(state);
        if (error is not null)
        {
            command.Parameters.AddWithValue(error.Length > 1000 ? error[..1000] : error);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await using (var stopped = new NpgsqlCommand("UPDATE export_cursor SET state = 'stopped', heartbeat_at = now() WHERE destination = $1", _connection))
                {
                    stopped.Parameters.AddWithValue(Destination);
                    await stopped.ExecuteNonQueryAsync();
                }

                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", _connection);
                unlock.Parameters.AddWithValue(Destination);
                await unlock.ExecuteNonQueryAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
        {
            // The lock goes with the connection anyway.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
