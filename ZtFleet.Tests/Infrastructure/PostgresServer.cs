using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests of one collection, and a fresh database per test class.
/// </summary>
/// <remarks>
/// With <c>ZTFLEET_TEST_PG</c> set to a connection string (a role allowed to create databases), that server is
/// used and the databases created are dropped at the end. Otherwise a throwaway server is started from the
/// locally installed binaries (<c>initdb</c>, <c>pg_ctl</c>) in a folder under /tmp, on a free loopback port,
/// and removed at the end. PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the
/// server runs as the <c>postgres</c> user through <c>runuser</c>.
/// The server runs with a non-UTC time zone on purpose, so a timestamp stored without its zone shows up.
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime
{
    /// <summary>Environment variable naming an existing server to use instead of starting one.</summary>
    public const string ServerVariable = "ZTFLEET_TEST_PG";

    private const int MinimumMajorVersion = 15;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly List<string> _databases = [];
    private string? _adminConnectionString;
    private string? _binDirectory;
    private string? _dataDirectory;
    private bool _runAsPostgres;

    /// <summary>Connection string of the maintenance database (<c>postgres</c>) as a superuser.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            return;
        }

        _binDirectory = FindBinDirectory();
        _runAsPostgres = Environment.IsPrivilegedProcess;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

        // Under /tmp: the postgres user must be able to traverse every parent folder, which rules out a
        // temporary folder under root's home.
        var root = _runAsPostgres ? "/tmp" : Path.GetTempPath();
        _dataDirectory = Path.Combine(root, $"ztfleet-pg-{Guid.NewGuid():N}");
        await RunAsync("initdb", ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // A free port can be taken by someone else between asking and binding: try a few.
        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            try
            {
                await RunAsync("pg_ctl",
                [
                    "-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off " +
                          "-c synchronous_commit=off -c full_page_writes=off -c max_connections=400 " +
                          "-c timezone=Asia/Kolkata",
                    "start",
                ]);
                _adminConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    IncludeErrorDetail = true,
                }.ConnectionString;
                return;
            }
            catch (InvalidOperationException failure)
            {
                lastFailure = failure;
            }
        }

        throw new InvalidOperationException(
            $"The throwaway PostgreSQL server did not start. Log: {ReadLog()}", lastFailure);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="purpose">A word for the database name (the test class), to find it in logs.</param>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var word = NonIdentifier().Replace(purpose.ToLowerInvariant(), "_");
        var name = $"zt_{word[..Math.Min(word.Length, 30)]}_{Guid.NewGuid().ToString("N")[..12]}";

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is null)
        {
            await DropDatabasesAsync();
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync();
    }

    private async Task DropDatabasesAsync()
    {
        if (_adminConnectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task StopAsync()
    {
        var directory = _dataDirectory;
        if (directory is null)
        {
            return;
        }

        _dataDirectory = null;
        try
        {
            if (File.Exists(Path.Combine(directory, "postmaster.pid")))
            {
                await RunAsync("pg_ctl", ["-D", directory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory!, tool);
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_runAsPostgres)
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

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private string ReadLog()
    {
        var log = _dataDirectory is null ? null : Path.Combine(_dataDirectory, "server.log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "(none)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// initdb and pg_ctl: on the PATH, else in Debian's /usr/lib/postgresql/VERSION/bin (newest first), which
    /// is not on root's PATH.
    /// </summary>
    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (folder.Length > 0)
            {
                candidates.Add(folder);
            }
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(folder => int.TryParse(Path.GetFileName(folder), out var major) ? major : 0)
                .Select(folder => Path.Combine(folder, "bin")));
        }

        candidates.Add("/usr/local/pgsql/bin");

        var found = new StringBuilder();
        foreach (var folder in candidates)
        {
            if (!File.Exists(Path.Combine(folder, "initdb")) || !File.Exists(Path.Combine(folder, "pg_ctl")))
            {
                continue;
            }

            var major = MajorVersion(Path.Combine(folder, "initdb"));
            if (major >= MinimumMajorVersion)
            {
                return folder;
            }

            found.Append(CultureInfo.InvariantCulture, $" {folder} has version {major}.");
        }

        throw new InvalidOperationException(
            $"The PostgreSQL tests need PostgreSQL {MinimumMajorVersion} or newer server binaries (initdb, " +
            $"pg_ctl), and none were found on the PATH or under /usr/lib/postgresql/*/bin.{found} Install them " +
            $"(Debian: apt-get install postgresql; .ci/run does this), or set {ServerVariable} to the connection " +
            "string of a server where the test role may create databases.");
    }

    private static int MajorVersion(string initdb)
    {
        using var process = Process.Start(new ProcessStartInfo(initdb, "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        if (process is null)
        {
            return 0;
        }

        // "initdb (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var match = VersionPattern().Match(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"\)\s+(\d+)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonIdentifier();
}
