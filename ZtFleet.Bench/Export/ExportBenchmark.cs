using System.Globalization;
using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Export;

/// <summary>
/// <c>export</c> (issue 11, point 5): the SIEM export on PostgreSQL with real processes (a throwaway PostgreSQL, two
/// silos and the API, as pg-scale starts them), the API exporting to the benchmark's counting syslog receiver over TCP.
/// Per run: what an outbox append costs, outbox → receiver throughput, and a SIGKILL of the API mid-stream with the
/// receiver counting missing records, duplicates and order per plant. The summary gives every run and the median.
/// </summary>
internal static class ExportBenchmark
{
    private static readonly (string Key, string Label, string Goal)[] Figures =
    [
        ("export_records_per_s", "outbox -> syslog TCP receiver, first to last arrival, records/s", ">= 20000"),
        ("export_whole_records_per_s", "outbox -> syslog TCP receiver, from the commit, records/s", ""),
        ("throughput_duplicates", "duplicates received in the throughput phase", ""),
        ("append_batch100_records_per_s", "outbox appends in batches of 100, records/s", ""),
        ("append_single_per_s", "outbox appends of one record, appends/s", ""),
        ("kill_missing", "records missing after a SIGKILL of the API and its restart", "0"),
        ("kill_duplicates", "records received twice across the SIGKILL", ""),
        ("kill_out_of_order", "records received before an earlier one of their plant", "0"),
        ("kill_recovery_s", "SIGKILL -> the last record received, s", ""),
    ];

    public static async Task<int> RunAsync(ExportBenchOptions options)
    {
        var productRoot = PgScaleBenchmark.FindProductRoot();
        var binDirectory = ThrowawayPostgres.FindBinDirectory();
        var logRoot = options.LogFolder ?? Path.Combine("/tmp", $"ztfleet-export-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
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
        string[] machine = [.. MachineDescription.Describe(productRoot, PgScaleBenchmark.PostgresVersion(binDirectory)), "receiver: the benchmark's counting syslog receiver (TCP, octet counting, in this process)"];
        try
        {
            Console.WriteLine("export: " + options);
            for (var run = 1; run <= options.Runs && !cancel.IsCancellationRequested; run++)
            {
                Console.WriteLine();
                Console.WriteLine($"== run {run} of {options.Runs} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
                var figures = new RunFigures(Figures);
                var folder = Path.Combine(logRoot, string.Create(CultureInfo.InvariantCulture, $"run-{run}"));
                Directory.CreateDirectory(folder);
                await using var receiver = new CountingSyslogReceiver();
                receiver.Start();
                var api = new Dictionary<string, string>
                {
                    ["ZtFleet__Export__BatchSize"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
                    ["ZtFleet__Export__Destinations__0__Name"] = "bench",
                    ["ZtFleet__Export__Destinations__0__Transport"] = "syslog-tcp",
                    ["ZtFleet__Export__Destinations__0__Format"] = "rfc5424",
                    ["ZtFleet__Export__Destinations__0__Message"] = options.Message,
                    ["ZtFleet__Export__Destinations__0__Address"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{receiver.Port}"),
                };
                try
                {
                    await using var postgres = await ThrowawayPostgres.StartAsync(binDirectory, options.PgMaxConnections, cleanup, cancel.Token);
                    await using var plane = await ControlPlane.StartAsync(postgres, productRoot, folder, cleanup, cancel.Token, api);
                    await new ExportRun(options, plane, postgres, receiver, figures).RunAsync(cancel.Token);
                }
                catch (TimeoutException e)
                {
                    figures.Failures.Add(e.Message);
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
        Console.WriteLine(RunFigures.Summary("export", $"scale: {options}", Figures, runs, machine));
        Console.WriteLine($"process logs: {logRoot}");
        return cancel.IsCancellationRequested ? 130 : runs.All(r => r.Failures.Count == 0) ? 0 : 1;
    }
}
