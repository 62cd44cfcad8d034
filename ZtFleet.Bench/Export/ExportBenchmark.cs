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

    public static Task<int> RunAsync(ExportBenchOptions options) =>
        RepeatedRuns.RunAsync("export", options.ToString(), options.Runs, options.LogFolder, Figures, async (run, cancellationToken) =>
        {
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
                await using var postgres = await ThrowawayPostgres.StartAsync(run.BinDirectory, options.PgMaxConnections, run.Cleanup, cancellationToken);
                await using var plane = await ControlPlane.StartAsync(postgres, run.ProductRoot, run.Folder, run.Cleanup, cancellationToken, api);
                await new ExportRun(options, plane, postgres, receiver, run.Figures).RunAsync(cancellationToken);
            }
            catch (TimeoutException e)
            {
                run.Figures.Failures.Add(e.Message);
            }
        },
        "receiver: the benchmark's counting syslog receiver (TCP, octet counting, in this process)");
}
