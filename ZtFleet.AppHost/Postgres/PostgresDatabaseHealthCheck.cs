using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ZtFleet.AppHost.Postgres;

/// <summary>
/// Healthy once the server accepts connections and the ZtFleet database exists. The database is created here, on
/// the first successful connection, so that whatever waits for the server (<c>WaitFor</c>) finds it.
/// </summary>
internal sealed class PostgresDatabaseHealthCheck(LocalPostgresResource server) : IHealthCheck
{
    private const string DuplicateDatabase = "42P04";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.MaintenanceConnectionString);
            await connection.OpenAsync(cancellationToken);

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = server.Database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await CreateDatabaseAsync(connection, cancellationToken);
            }

            return HealthCheckResult.Healthy($"Database '{server.Database}' is ready on 127.0.0.1:{server.Port}.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL on 127.0.0.1:{server.Port} is not ready.", exception);
        }
    }

    private async Task CreateDatabaseAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // CREATE DATABASE takes no parameters; the name is validated at start and quoted as an identifier here.
        var quoted = "\"" + server.Database.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == DuplicateDatabase)
        {
            // Created concurrently (for example by a second AppHost on the same data folder): nothing to do.
        }
    }
}
