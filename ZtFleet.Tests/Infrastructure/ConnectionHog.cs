using Npgsql;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// Takes a PostgreSQL server's connection slots and holds them until disposed: every slot (the server then refuses
/// everyone with <c>53300: sorry, too many clients already</c>), or all but a few (a server with a small
/// <c>max_connections</c>, without starting one). Connections opened by others while it holds the slots are refused.
/// </summary>
/// <remarks>
/// It connects as the server's superuser, so it takes the <c>superuser_reserved_connections</c> too: the tests'
/// silos connect as a superuser as well and could use those. Its connections are not pooled, so disposing closes
/// them at once. Pools of the process that hold idle connections keep them: clear them
/// (<see cref="NpgsqlConnection.ClearAllPools"/>) before filling the server if a refusal must be seen.
/// </remarks>
public sealed class ConnectionHog : IAsyncDisposable
{
    // Far above any max_connections a test server runs with: a server that never refuses is a broken test.
    private const int Limit = 2_000;

    private readonly List<NpgsqlConnection> _connections;

    private ConnectionHog(List<NpgsqlConnection> connections) => _connections = connections;

    /// <summary>How many connections this hog holds.</summary>
    public int Held => _connections.Count;

    /// <summary>Opens connections until the server refuses one, so it refuses everyone else too.</summary>
    /// <remarks>
    /// A backend whose client just closed (a cleared pool) leaves its slot a moment later: after each refusal the hog
    /// clears this process's pools again (a connection busy at the caller's clear went back to its pool open), waits
    /// and tops up, until the server refuses it twice in a row.
    /// </remarks>
    public static async Task<ConnectionHog> FillAsync(string adminConnectionString)
    {
        var connections = new List<NpgsqlConnection>();
        try
        {
            var refusedInARow = 0;
            while (refusedInARow < 2)
            {
                if (await TryOpenAsync(adminConnectionString) is { } connection)
                {
                    connections.Add(connection);
                    refusedInARow = 0;
                }
                else
                {
                    // A pooled connection that was busy when the caller cleared the pools went back to its pool open
                    // and would still serve its process: close the idle ones again, and take the slots they free.
                    NpgsqlConnection.ClearAllPools();
                    refusedInARow++;
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }

                if (connections.Count >= Limit)
                {
                    throw new InvalidOperationException($"The server accepted {Limit} connections without refusing one.");
                }
            }
        }
        catch
        {
            await CloseAsync(connections);
            throw;
        }

        return new ConnectionHog(connections);
    }

    /// <summary>
    /// Fills the server (<see cref="FillAsync"/>), then gives back <paramref name="free"/> slots: the server then
    /// behaves as one with a small <c>max_connections</c> for whoever connects next.
    /// </summary>
    public static async Task<ConnectionHog> LeaveFreeAsync(string adminConnectionString, int free)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(free);
        var hog = await FillAsync(adminConnectionString);
        var released = hog._connections.TakeLast(free).ToList();
        if (released.Count < free)
        {
            await hog.DisposeAsync();
            throw new InvalidOperationException($"The server has fewer than {free} connection slots.");
        }

        hog._connections.RemoveRange(hog._connections.Count - free, free);
        await CloseAsync(released);
        return hog;
    }

    public async ValueTask DisposeAsync() => await CloseAsync(_connections);

    private static async Task CloseAsync(List<NpgsqlConnection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        connections.Clear();
    }

    private static async Task<NpgsqlConnection?> TryOpenAsync(string adminConnectionString)
    {
        var connection = new NpgsqlConnection(Unpooled(adminConnectionString));
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.TooManyConnections)
        {
            await connection.DisposeAsync();
            return null;
        }
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "ztfleet-tests-hog" }.ConnectionString;
}
