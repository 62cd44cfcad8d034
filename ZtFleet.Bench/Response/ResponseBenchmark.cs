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

    public static Task<int> RunAsync(ResponseOptions options) =>
        RepeatedRuns.RunAsync("response", options.ToString(), options.Runs, options.LogFolder, Figures, async (run, cancellationToken) =>
        {
            await using var postgres = await ThrowawayPostgres.StartAsync(run.BinDirectory, options.PgMaxConnections, run.Cleanup, cancellationToken);
            await using var plane = await ControlPlane.StartAsync(postgres, run.ProductRoot, run.Folder, run.Cleanup, cancellationToken);
            await new ResponseRun(options, plane, string.Create(CultureInfo.InvariantCulture, $"bench-{run.Run}"), run.Figures).RunAsync(cancellationToken);
        });
}
