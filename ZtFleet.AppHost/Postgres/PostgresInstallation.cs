using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ZtFleet.AppHost.Postgres;

/// <summary>
/// A locally installed PostgreSQL server (the folder holding <c>postgres</c>, <c>initdb</c> and <c>pg_ctl</c>) and
/// the OS user it runs as.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root. When the AppHost runs as root, every server command runs as the
/// <c>postgres</c> OS user through <c>setpriv</c> (which execs in place, so the signals DCP sends on shutdown reach
/// the server itself) or, failing that, <c>runuser</c>.
/// </remarks>
internal sealed partial class PostgresInstallation
{
    private const string ServiceUser = "postgres";

    private static readonly string[] WellKnownBinGlobs =
    [
        "/usr/lib/postgresql/*/bin", // Debian, Ubuntu
        "/usr/pgsql-*/bin", // PGDG packages on RHEL, Fedora
        "/usr/local/opt/postgresql*/bin", // Homebrew (Intel)
        "/opt/homebrew/opt/postgresql*/bin", // Homebrew (Apple silicon)
    ];

    private PostgresInstallation(string binDirectory, bool runningAsRoot, string? switchUserCommand)
    {
        BinDirectory = binDirectory;
        RunningAsRoot = runningAsRoot;
        _switchUserCommand = switchUserCommand;
    }

    private readonly string? _switchUserCommand;

    public string BinDirectory { get; }

    /// <summary>True when the AppHost runs as root and the server therefore runs as the <c>postgres</c> OS user.</summary>
    public bool RunningAsRoot { get; }

    public string ServerPath => Path.Combine(BinDirectory, "postgres");

    public string RunsAs => RunningAsRoot ? ServiceUser : Environment.UserName;

    /// <summary>
    /// Finds the server binaries: the configured folder, then PATH, then the usual install folders (newest major
    /// version first). Returns null, with the reason, when there is no usable server.
    /// </summary>
    public static PostgresInstallation? Find(string? configuredBinDirectory, out string reason)
    {
        var binDirectory = string.IsNullOrWhiteSpace(configuredBinDirectory)
            ? Candidates().FirstOrDefault(HasServerBinaries)
            : HasServerBinaries(configuredBinDirectory) ? configuredBinDirectory : null;

        if (binDirectory is null)
        {
            reason = string.IsNullOrWhiteSpace(configuredBinDirectory)
                ? $"no PostgreSQL server binaries (postgres, initdb, pg_ctl) on PATH or in {string.Join(", ", WellKnownBinGlobs)}"
                : $"no PostgreSQL server binaries (postgres, initdb, pg_ctl) in {configuredBinDirectory} (ZtFleet:Postgres:BinDirectory)";
            return null;
        }

        var runningAsRoot = Environment.IsPrivilegedProcess;
        string? switchUserCommand = null;
        if (runningAsRoot)
        {
            if (RunQuiet("id", ["-u", ServiceUser]) != 0)
            {
                reason = $"the AppHost runs as root, PostgreSQL refuses to, and there is no '{ServiceUser}' OS user to run it as";
                return null;
            }

            switchUserCommand = FindOnPath("setpriv") ?? FindOnPath("runuser");
            if (switchUserCommand is null)
            {
                reason = $"the AppHost runs as root and neither setpriv nor runuser is available to run PostgreSQL as '{ServiceUser}'";
                return null;
            }
        }

        reason = string.Empty;
        return new PostgresInstallation(Path.GetFullPath(binDirectory), runningAsRoot, switchUserCommand);
    }

    /// <summary>
    /// Runs the server in the foreground under a small <c>/bin/sh</c> supervisor that turns the orchestrator's stop
    /// into a clean PostgreSQL shutdown.
    /// </summary>
    /// <remarks>
    /// DCP stops an executable with SIGTERM and, about five seconds later, SIGKILL. SIGTERM is PostgreSQL's "smart"
    /// shutdown, which waits for every client to disconnect; the silos' connection pools keep it waiting until the
    /// SIGKILL lands, and the next start has to run crash recovery. The supervisor forwards SIGTERM (giving the silos
    /// a moment to record their own shutdown in the membership table) and escalates to "fast" shutdown (SIGINT)
    /// three seconds later, well inside DCP's grace period.
    /// </remarks>
    public (string Command, IReadOnlyList<string> Args) ServerCommand(params IEnumerable<string> args)
    {
        const string Supervisor =
            """
            "$@" & pid=$!
            trap 'kill -TERM $pid 2>/dev/null; (sleep 3; kill -0 $pid 2>/dev/null && kill -INT $pid) &' TERM
            trap 'kill -INT $pid 2>/dev/null' INT
            wait $pid; status=$?
            while kill -0 $pid 2>/dev/null; do wait $pid; status=$?; done
            exit $status
            """;
        return Command("/bin/sh", ["-c", Supervisor, "postgres", ServerPath, .. args]);
    }

    /// <summary>The command and arguments that run <paramref name="tool"/> from the bin folder as <see cref="RunsAs"/>.</summary>
    public (string Command, IReadOnlyList<string> Args) Command(string tool, params IEnumerable<string> args)
    {
        // An absolute tool (the supervisor's shell) is run as given; anything else comes from the bin folder.
        var toolPath = Path.IsPathRooted(tool) ? tool : Path.Combine(BinDirectory, tool);
        if (_switchUserCommand is null)
        {
            return (toolPath, args.ToList());
        }

        IEnumerable<string> prefix = Path.GetFileName(_switchUserCommand) == "setpriv"
            ? [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", toolPath]
            : ["-u", ServiceUser, "--", toolPath];
        return (_switchUserCommand, prefix.Concat(args).ToList());
    }

    /// <summary>Runs a server tool to completion, copying its output to <paramref name="logger"/>; returns the exit code.</summary>
    public async Task<int> RunAsync(ILogger logger, string tool, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var (command, commandArgs) = Command(tool, args);
        var startInfo = new ProcessStartInfo(command, commandArgs)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A working folder the postgres OS user can enter; the AppHost's may be under root's home.
            WorkingDirectory = "/",
        };

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = PumpAsync(process.StandardOutput, line => logger.LogInformation("{Tool}: {Line}", tool, line));
        var stderr = PumpAsync(process.StandardError, line => logger.LogWarning("{Tool}: {Line}", tool, line));
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    /// <summary>The major version of the server binaries, from <c>postgres --version</c>.</summary>
    public async Task<string?> MajorVersionAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(ServerPath, ["--version"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo);
        if (process is null)
        {
            return null;
        }

        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var match = VersionPattern().Match(output);
        return match.Success ? match.Groups["major"].Value : null;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> write)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                write(line);
            }
        }
    }

    private static IEnumerable<string> Candidates()
    {
        foreach (var onPath in PathDirectories())
        {
            var server = Path.Combine(onPath, "postgres");
            if (File.Exists(server))
            {
                // Follow symlinks (e.g. /usr/local/bin/postgres) to the real bin folder, which also holds pg_ctl.
                var target = File.ResolveLinkTarget(server, returnFinalTarget: true)?.FullName;
                if (target is not null && Path.GetDirectoryName(target) is { } realDirectory)
                {
                    yield return realDirectory;
                }

                yield return onPath;
            }
        }

        foreach (var glob in WellKnownBinGlobs)
        {
            var parts = glob.Split('*', 2);
            var parent = Path.GetDirectoryName(parts[0])!;
            if (!Directory.Exists(parent))
            {
                continue;
            }

            var prefix = Path.GetFileName(parts[0]);
            var matches = Directory.EnumerateDirectories(parent, prefix + "*")
                .OrderByDescending(directory => LeadingNumber(Path.GetFileName(directory)))
                .Select(directory => directory + parts[1])
                .Where(Directory.Exists);
            foreach (var match in matches)
            {
                yield return match;
            }
        }
    }

    private static int LeadingNumber(string name)
    {
        var digits = new string(name.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var number) ? number : 0;
    }

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "postgres"))
        && File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static string? FindOnPath(string command) =>
        PathDirectories().Select(directory => Path.Combine(directory, command)).FirstOrDefault(File.Exists);

    private static int RunQuiet(string command, IEnumerable<string> args)
    {
        try
        {
            var startInfo = new ProcessStartInfo(command, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return -1;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    [GeneratedRegex(@"\)\s+(?<major>\d+)")]
    private static partial Regex VersionPattern();
}
