using System.Globalization;
using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Response;

/// <summary>
/// <c>response</c> (issue 11, point 5): detection → automatic playbook step applied and seen at an enforcement point,
/// on PostgreSQL with real processes (a throwaway PostgreSQL, two silos and the API, as pg-scale starts them). Per
/// run, a fresh control plane and plant with a playbook that restricts a PLC's writes on a refused write; a watching
/// point receives the quarantine delta and its <c>Check</c> of a write to the PLC denies. The summary gives every run
/// and the median, never the best run.
/// </summary>
internal static class ResponseBenchmark
{
    private static readonly (string Key, string Label, string Goal)[] Figures =
    [
        ("detection_to_deny_p50_ms", "detection stored (seen on WatchDetections) -> quarantine delta at the point -> its Check denies, p50, ms", ""),
        ("detection_to_deny_p99_ms", "detection stored (seen on WatchDetections) -> quarantine delta at the point -> its Check denies, p99, ms", "<= 1000"),
        ("event_to_deny_p99_ms", "refused write sent -> detection -> step -> Check denies, p99, ms", ""),
    ];

    public static async Task<int> RunAsync(ResponseOptions options)
    {
        var productRoot = PgScaleBenchmark.FindProductRoot();
        var binDirectory = ThrowawayPostgres.FindBinDirectory();
        var logRoot = options.LogFolder ?? Path.Combine("/tmp", $"ztfleet-response-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
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
        var runs = new List<RunFigures>();
        string[] machine = [.. MachineDescription.Describe(productRoot, PgScaleBenchmark.PostgresVersion(binDirectory))];
        try
        {
            Console.WriteLine("response: " + options);
            for (var run = 1; run <= options.Runs && !cancel.IsCancellationRequested; run++)
            {
                Console.WriteLine();
                Console.WriteLine($"== run {run} of {options.Runs} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
                var figures = new RunFigures(Figures);
                var folder = Path.Combine(logRoot, string.Create(CultureInfo.InvariantCulture, $"run-{run}"));
                Directory.CreateDirectory(folder);
                await using (var postgres = await ThrowawayPostgres.StartAsync(binDirectory, options.PgMaxConnections, cleanup, cancel.Token))
                await using (var plane = await ControlPlane.StartAsync(postgres, productRoot, folder, cleanup, cancel.Token))
                {
                    await new ResponseRun(options, plane, string.Create(CultureInfo.InvariantCulture, $"bench-{run}"), figures).RunAsync(cancel.Token);
                }

                runs.Add(figures);
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
        Console.WriteLine(RunFigures.Summary("response", $"scale: {options}", Figures, runs, machine));
        Console.WriteLine($"process logs: {logRoot}");
        return cancel.IsCancellationRequested ? 130 : runs.All(r => r.Failures.Count == 0) ? 0 : 1;
    }
}
