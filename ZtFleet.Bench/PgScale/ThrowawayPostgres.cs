using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// A PostgreSQL server of its own for one benchmark run: <c>initdb</c> in a folder under /tmp, started with
/// <c>pg_ctl</c> on a free loopback port with the server options the AppHost passes, stopped and deleted at the end.
/// </summary>
/// <remarks>
/// The binaries come from PATH or <c>/usr/lib/postgresql/*/bin</c> (newest first), as the AppHost finds them. As root
/// every server command runs as the <c>postgres</c> OS user through <c>runuser</c>, which must be able to enter the
/// data folder's parents (hence /tmp). The AppHost's options: <c>initdb -U postgres --auth=trust -E UTF8
/// --locale=C</c>; the server listens on 127.0.0.1 only, with no Unix socket. <c>max_connections</c> is the
/// AppHost's (150, <c>ZtFleet:Postgres:MaxConnections</c>) unless <c>--pg-max-connections</c> says otherwise.
/// </remarks>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string Database = "ztfleet";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly bool _asPostgres;
    private bool _stopped;

    private ThrowawayPostgres(string binDirectory, bool asPostgres, string dataDirectory, int port, int maxConnections)
    {
        _binDirectory = binDirectory;
        _asPostgres = asPostgres;
        DataDirectory = dataDirectory;
        Port = port;
        MaxConnections = maxConnections;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public int MaxConnections { get; }

    public string LogFile => Path.Combine(DataDirectory, "server.log");

    /// <summary>The connection string the AppHost gives the silos and the API (<c>ConnectionStrings__pg</c>).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={Database}";

    /// <summary>The benchmark's own connection for WAL positions and sizes: unpooled, so it never competes for long.</summary>
    public string ProbeConnectionString => ConnectionString + ";Pooling=false;Timeout=10;Command Timeout=60";

    public string Version { get; private set; } = "?";

    /// <summary>The bin folder with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>, or why there is none.</summary>
    public static string FindBinDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(folder => int.TryParse(Path.GetFileName(folder), out var major) ? major : 0)
                .Select(folder => Path.Combine(folder, "bin")));
        }

        return candidates.FirstOrDefault(folder => new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(folder, tool))))
            ?? throw new InvalidOperationException(
                "no PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or in /usr/lib/postgresql/*/bin; "
                + "install them (Debian: apt-get install postgresql)");
    }

    /// <summary>Initialises and starts a server, creates the ZtFleet database; stops and deletes it again on failure.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(string binDirectory, int maxConnections, Cleanup cleanup, CancellationToken cancellationToken)
    {
        var asPostgres = Environment.IsPrivilegedProcess;
        var dataDirectory = Path.Combine("/tmp", $"ztfleet-pgscale-{Guid.NewGuid():N}");
        var server = new ThrowawayPostgres(binDirectory, asPostgres, dataDirectory, Ports.Free(), maxConnections);
        cleanup.Postgres(server);
        try
        {
            // initdb creates the folder with the ownership and mode PostgreSQL demands when it runs as the postgres user.
            await server.RunAsync("initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], cancellationToken);
            await server.RunAsync("pg_ctl",
            [
                "-D", dataDirectory, "-l", server.LogFile, "-w", "-t", "60",
                "-o", string.Create(CultureInfo.InvariantCulture,
                    $"-p {server.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections={maxConnections}"),
                "start",
            ], cancellationToken);

            await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false;Timeout=10"))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                await using var version = new NpgsqlCommand("SHOW server_version", connection);
                server.Version = (string?)await version.ExecuteScalarAsync(cancellationToken) ?? "?";
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The current WAL insert position (<c>pg_current_wal_lsn()</c>) as a byte offset.</summary>
    public static async Task<long> WalPositionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> DatabaseSizeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ProbeConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_database_size('{Database}')", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The largest tables, and per grain state name the row count and largest payload (what one write of it costs);
    /// read from the catalog so that it survives schema changes.
    /// </summary>
    public async Task<IReadOnlyList<string>> DescribeStorageAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(ProbeConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var tables = new NpgsqlCommand(
            """
            SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint FROM pg_class c
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 6
            """, connection))
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"table {reader.GetString(0)}: {Format.Bytes(reader.GetInt64(1))} (about {Format.Count(Math.Max(0, reader.GetInt64(2)))} rows)"));
            }
        }

        await using var exists = new NpgsqlCommand("SELECT to_regclass('orleans_grain_state') IS NOT NULL", connection);
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            await using var states = new NpgsqlCommand(
                """
                SELECT state_name, count(*), coalesce(max(octet_length(payload)), 0)::bigint, coalesce(sum(octet_length(payload)), 0)::bigint
                FROM orleans_grain_state GROUP BY state_name ORDER BY 3 DESC LIMIT 10
                """, connection);
            await using var reader = await states.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"grain state '{reader.GetString(0)}': {Format.Count(reader.GetInt64(1))} rows, largest payload {Format.Bytes(reader.GetInt64(2))}, all {Format.Bytes(reader.GetInt64(3))}"));
            }
        }

        return lines;
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>: nothing in it is worth keeping) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"warning: stopping PostgreSQL in {DataDirectory}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
    }

    /// <summary>The shell command that stops this server, for the watchdog that outlives a killed benchmark.</summary>
    public string StopCommand() =>
        (_asPostgres ? "runuser -u postgres -- " : string.Empty)
        + $"'{Path.Combine(_binDirectory, "pg_ctl")}' -D '{DataDirectory}' -m immediate -w -t 30 stop";

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        var executable = Path.Combine(_binDirectory, tool);
        if (_asPostgres)
        {
            start.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", executable])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"PostgreSQL's {tool} did not finish within {ToolTimeout.TotalSeconds:0} s ({string.Join(' ', arguments)})");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, CancellationToken.None) : string.Empty;
            throw new InvalidOperationException(
                $"PostgreSQL's {tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()} {log.Trim()}");
        }
    }
}
