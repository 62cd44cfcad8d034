using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// Makes sure nothing a run starts outlives the benchmark: the run stops its processes and server itself in the normal
/// case, on failure and on Ctrl+C; a detached watchdog shell stops whatever is left if the benchmark dies without
/// that chance (SIGKILL, a crash).
/// </summary>
/// <remarks>
/// The watchdog polls the benchmark's pid once a second; when it is gone it kills the pids listed in a file the
/// benchmark keeps current, stops the PostgreSQL server and deletes its folder. It is started in its own session
/// (<c>setsid</c>) so that a terminal's Ctrl+C or hang-up does not take it down with the benchmark.
/// </remarks>
internal sealed class Cleanup : IDisposable
{
    private readonly string _folder;
    private readonly List<ProductProcess> _processes = [];
    private ThrowawayPostgres? _postgres;
    private Process? _watchdog;

    public Cleanup(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        Write();
        var script = Path.Combine(folder, "watchdog.sh");
        File.WriteAllText(script, string.Create(CultureInfo.InvariantCulture, $"""
            #!/bin/sh
            # Stops what a pg-scale run left behind once the benchmark (pid {Environment.ProcessId}) is gone.
            while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done
            for pid in $(cat '{PidFile}' 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
            if [ -f '{StopFile}' ]; then sh '{StopFile}' >/dev/null 2>&1; fi
            """));
        var start = new ProcessStartInfo("setsid", ["sh", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _watchdog = Process.Start(start);
    }

    private string PidFile => Path.Combine(_folder, "children.pid");

    private string StopFile => Path.Combine(_folder, "stop-postgres.sh");

    public void Add(ProductProcess process)
    {
        lock (_processes)
        {
            _processes.Add(process);
            Write();
        }
    }

    public void Remove(ProductProcess process)
    {
        lock (_processes)
        {
            _processes.Remove(process);
            Write();
        }
    }

    public void Postgres(ThrowawayPostgres? server)
    {
        lock (_processes)
        {
            _postgres = server;
            Write();
        }
    }

    /// <summary>Last resort on process exit (SIGTERM, an unhandled exception): kills the processes, stops the server.</summary>
    public void KillEverything()
    {
        List<ProductProcess> processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }

        foreach (var process in processes)
        {
            process.Kill();
        }

        _postgres?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        KillEverything();
        try
        {
            if (_watchdog is { HasExited: false })
            {
                _watchdog.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _watchdog?.Dispose();
        _watchdog = null;
    }

    private void Write()
    {
        File.WriteAllText(PidFile, string.Join('\n', _processes.Select(p => p.Pid.ToString(CultureInfo.InvariantCulture))) + "\n");
        var stop = new StringBuilder();
        if (_postgres is { } server)
        {
            stop.AppendLine(server.StopCommand()).AppendLine(string.Create(CultureInfo.InvariantCulture, $"rm -rf '{server.DataDirectory}'"));
        }

        File.WriteAllText(StopFile, stop.ToString());
    }
}
