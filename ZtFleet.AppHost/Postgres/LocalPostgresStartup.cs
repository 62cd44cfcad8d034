using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ZtFleet.AppHost.Postgres;

/// <summary>
/// Readies the data folder before the server starts: creates it with the ownership and mode PostgreSQL demands,
/// stops a server an earlier run left behind, and runs <c>initdb</c> the first time.
/// </summary>
internal static class LocalPostgresStartup
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Traversable = OwnerOnly
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static async Task PrepareAsync(
        PostgresInstallation installation, LocalPostgresResource server, ILogger logger, CancellationToken cancellationToken)
    {
        var dataDirectory = server.DataDirectory;
        logger.LogInformation(
            "PostgreSQL binaries: {BinDirectory}; data folder: {DataDirectory}; runs as OS user '{User}'.",
            installation.BinDirectory, dataDirectory, installation.RunsAs);

        await CreateDataDirectoryAsync(installation, dataDirectory, cancellationToken);

        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await CheckVersionAsync(installation, dataDirectory, cancellationToken);
            await StopLeftoverServerAsync(installation, dataDirectory, logger, cancellationToken);
        }
        else
        {
            logger.LogInformation("First run: initialising a PostgreSQL cluster in {DataDirectory}.", dataDirectory);
            var exitCode = await installation.RunAsync(
                logger,
                "initdb",
                ["-D", dataDirectory, "-U", LocalPostgresResource.UserName, "--auth=trust", "-E", "UTF8", "--locale=C"],
                cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException(
                    $"initdb failed with exit code {exitCode} for {dataDirectory}; see the 'pg' console log. "
                    + "Delete the folder to start over, or set ZtFleet:Postgres:DataDirectory to another one.");
            }
        }
    }

    private static async Task CreateDataDirectoryAsync(
        PostgresInstallation installation, string dataDirectory, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(dataDirectory)
            ?? throw new InvalidOperationException($"The PostgreSQL data folder cannot be '{dataDirectory}'.");

        if (!Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
            if (installation.RunningAsRoot)
            {
                // Root's umask may be 077; the postgres OS user must be able to walk through.
                SetMode(parent, Traversable);
            }
        }

        if (installation.RunningAsRoot)
        {
            var blocked = Ancestors(dataDirectory).FirstOrDefault(folder => !OthersCanEnter(folder));
            if (blocked is not null)
            {
                throw new InvalidOperationException(
                    $"The 'postgres' OS user cannot enter {blocked}, "
                    + $"so PostgreSQL cannot use the data folder {dataDirectory}. Set ZtFleet:Postgres:DataDirectory to a folder "
                    + "outside root's home, e.g. /var/lib/ztfleet/postgres.");
            }
        }

        if (!Directory.Exists(dataDirectory))
        {
            Directory.CreateDirectory(dataDirectory);
            SetMode(dataDirectory, OwnerOnly);
            if (installation.RunningAsRoot)
            {
                await RunOrThrowAsync("chown", ["postgres:postgres", dataDirectory], cancellationToken);
            }
        }
    }

    private static async Task CheckVersionAsync(
        PostgresInstallation installation, string dataDirectory, CancellationToken cancellationToken)
    {
        var clusterVersion = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "PG_VERSION"), cancellationToken)).Trim();
        var serverVersion = await installation.MajorVersionAsync(cancellationToken);
        if (serverVersion is not null && serverVersion != clusterVersion)
        {
            throw new InvalidOperationException(
                $"The data folder {dataDirectory} was created by PostgreSQL {clusterVersion}, but the binaries in "
                + $"{installation.BinDirectory} are PostgreSQL {serverVersion}. Delete the folder to start over (local data is lost), "
                + $"or point ZtFleet:Postgres:BinDirectory at PostgreSQL {clusterVersion}.");
        }
    }

    /// <summary>
    /// A server still running on this data folder (an AppHost killed without a chance to stop it) would make the new
    /// one fail on its lock file; stop it first.
    /// </summary>
    private static async Task StopLeftoverServerAsync(
        PostgresInstallation installation, string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        const int running = 0;
        var status = await installation.RunAsync(NullLogger.Instance, "pg_ctl", ["status", "-D", dataDirectory], cancellationToken);
        if (status != running)
        {
            return;
        }

        logger.LogWarning("A PostgreSQL server from an earlier run is still running on {DataDirectory}; stopping it.", dataDirectory);
        await installation.RunAsync(logger, "pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w"], cancellationToken);
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool OthersCanEnter(string folder) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) != 0;

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var folder = Path.GetDirectoryName(path); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            yield return folder;
        }
    }

    private static async Task RunOrThrowAsync(string command, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {command}.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed with exit code {process.ExitCode}.");
        }
    }
}
