using Npgsql;
using ZtFleet.ServiceDefaults;

namespace ZtFleet.Api.Export;

/// <summary>
/// The exporter's PostgreSQL: a small pool for reading the outbox, status and retention, and
/// unpooled connections for the senders' leases (a session advisory lock must die with its connection, never go back
/// to a pool).
/// </summary>
public sealed class ExportDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _pooled;

    /// <summary>The exporter's data sources for <paramref name="connectionString"/>.</summary>
    public ExportDatabase(string connectionString, int maxPoolSize)
    {
        var pooled = DatabasePool.WithLimits(connectionString, maxPoolSize, DatabasePool.DefaultConnectionTimeoutSeconds, "ztfleet-export");
        _pooled = NpgsqlDataSource.Create(pooled);
        Unpooled = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(pooled)
        {
            Pooling = false,
            ApplicationName = "ztfleet-export-sender",

            // A sender whose server vanished learns it from a failed command within seconds, not hours.
            KeepAlive = 10,
        }.ConnectionString);
        Outbox = new ExportOutboxReader(_pooled);
    }

    /// <summary>The outbox, over the pool.</summary>
    public ExportOutboxReader Outbox { get; }

    /// <summary>The pool.</summary>
    public NpgsqlDataSource Pooled => _pooled;

    /// <summary>Connections for leases.</summary>
    public NpgsqlDataSource Unpooled { get; }

    public async ValueTask DisposeAsync()
    {
        await _pooled.DisposeAsync();
        await Unpooled.DisposeAsync();
    }
}
