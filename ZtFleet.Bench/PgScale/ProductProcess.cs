using System.Diagnostics;
using System.Globalization;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// One ZtFleet process (a silo or the API) run from its Release build as <c>dotnet &lt;dll&gt;</c>, with the
/// environment the AppHost would give it, its output appended to a log file.
/// </summary>
internal sealed class ProductProcess
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(20);
    private readonly Process _process;

    private ProductProcess(string name, string logFile, Process process)
    {
        Name = name;
        LogFile = logFile;
        _process = process;
        Pid = process.Id;
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public static ProductProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, string logFile, Cleanup cleanup)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} does not exist: build it first (dotnet build ZtFleet.Bench -c Release builds the silo and the API too)");
        }

        File.AppendAllText(logFile, string.Create(CultureInfo.InvariantCulture,
            $"==== {DateTimeOffset.UtcNow:O} starting {name}: dotnet {dll}\n==== environment: {string.Join(' ', environment.Where(e => !e.Key.Contains("SigningKey", StringComparison.Ordinal)).Select(e => $"{e.Key}={e.Value}"))}\n"));

        // The shell only redirects and then execs dotnet in its place: the pid is the product process's own.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null", "sh", logFile, "dotnet", dll])
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ConnectionStrings__pg", "OTEL_EXPORTER_OTLP_ENDPOINT", "ZtFleet__SeedFleetDocument" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var product = new ProductProcess(name, logFile, process);
        cleanup.Add(product);
        return product;
    }

    /// <summary>Peak resident set since start (VmHWM), or null once the process is gone.</summary>
    public long? PeakResidentBytes => Status("VmHWM:");

    /// <summary>Current resident set (VmRSS), or null once the process is gone.</summary>
    public long? ResidentBytes => Status("VmRSS:");

    /// <summary>The last lines of its log, for a failure message.</summary>
    public string Tail(int lines = 15)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>SIGTERM (the host's graceful shutdown: a silo leaves the cluster), then SIGKILL after 20 s.</summary>
    public async Task StopAsync(Cleanup cleanup)
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                {
                    await term!.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(GracefulStop);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    File.AppendAllText(LogFile, $"==== {Name} did not stop within {GracefulStop.TotalSeconds:0} s of SIGTERM; killed\n");
                    Kill();
                }
            }
        }
        finally
        {
            cleanup.Remove(this);
            _process.Dispose();
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private long? Status(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
