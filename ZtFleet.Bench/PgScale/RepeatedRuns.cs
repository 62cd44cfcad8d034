using System.Globalization;

namespace ZtFleet.Bench.PgScale;

/// <summary>What one run of a multi-run benchmark gets: its folder, the cleanup, where PostgreSQL and the product are, its figures.</summary>
internal sealed record RunContext(int Run, string Folder, Cleanup Cleanup, string BinDirectory, string ProductRoot, RunFigures Figures);

/// <summary>
/// The frame the process benchmarks (telemetry, response, export) share: a log folder, Ctrl+C and exit handling that
/// stop every process started, the runs one after the other with fresh figures each, and the summary of every run and
/// the median, never the best run.
/// </summary>
internal static class RepeatedRuns
{
    /// <summary>Runs <paramref name="runOne"/> <paramref name="runs"/> times; the exit code: 0, 1 (a run failed) or 130 (interrupted).</summary>
    public static async Task<int> RunAsync(
        string name,
        string scale,
        int runs,
        string? logFolder,
        (string Key, string Label, string Goal)[] catalog,
        Func<RunContext, CancellationToken, Task> runOne,
        params string[] machineExtra)
    {
        var productRoot = PgScaleBenchmark.FindProductRoot();
        var binDirectory = ThrowawayPostgres.FindBinDirectory();
        var logRoot = logFolder ?? Path.Combine("/tmp", $"ztfleet-{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        using var cancel = new CancellationTokenSource();
        using var cleanup = new Cleanup(logRoot);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        EventHandler onExit = (_, _) => cleanup.KillEverything();
        Console.CancelKeyPress += onCancel;
        AppDomain.CurrentDomain.ProcessExit += onExit;
        var done = new List<RunFigures>();
        string[] machine = [.. MachineDescription.Describe(productRoot, PgScaleBenchmark.PostgresVersion(binDirectory)), .. machineExtra];
        try
        {
            Console.WriteLine($"{name}: {scale}");
            for (var run = 1; run <= runs && !cancel.IsCancellationRequested; run++)
            {
                Console.WriteLine();
                Console.WriteLine($"== run {run} of {runs} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
                var figures = new RunFigures(catalog);
                var folder = Path.Combine(logRoot, string.Create(CultureInfo.InvariantCulture, $"run-{run}"));
                Directory.CreateDirectory(folder);
                await runOne(new RunContext(run, folder, cleanup, binDirectory, productRoot, figures), cancel.Token);
                done.Add(figures);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.WriteLine("interrupted");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }

        Console.WriteLine();
        Console.WriteLine(RunFigures.Summary(name, $"scale: {scale}", catalog, done, machine));
        Console.WriteLine($"process logs: {logRoot}");
        return cancel.IsCancellationRequested ? 130 : done.All(r => r.Failures.Count == 0) ? 0 : 1;
    }
}
