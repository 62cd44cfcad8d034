using System.Globalization;
using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Telemetry;

/// <summary>
/// <c>telemetry</c> (issue 10, point 6): ingestion and detection on PostgreSQL with real processes (a throwaway
/// PostgreSQL, two silos and the API, as pg-scale starts them). Per run, a fresh control plane and plant: ingestion
/// throughput into the one API process with detections running, event → detection stored, event → trust tier change
/// → a watching point's <c>Check</c> denies, and the memory and stored size of a PLC's baseline. The summary gives
/// every run and the median, never the best run.
/// </summary>
internal static class TelemetryBenchmark
{
    private static readonly (string Key, string Label, string Goal)[] Figures =
    [
        ("ingest_events_per_s", "ingestion into one API process after the warm-up, events/s", ">= 50000"),
        ("ingest_whole_events_per_s", "ingestion, the whole phase with its warm-up, events/s", ""),
        ("detection_p50_ms", "event sent -> acknowledged after its detection is stored, p50, ms", ""),
        ("detection_p99_ms", "event sent -> acknowledged after its detection is stored, p99, ms", "<= 50"),
        ("trust_deny_p50_ms", "event sent -> tier change -> Check at a watching point denies, p50, ms", ""),
        ("trust_deny_p99_ms", "event sent -> tier change -> Check at a watching point denies, p99, ms", "<= 100"),
        ("heap_per_baseline_bytes", "silo GC heap per PLC with a baseline (grain activated), bytes", ""),
        ("stored_baseline_mean_bytes", "stored baseline of a PLC polled by one HMI, mean, bytes", "<= 2048"),
        ("stored_baseline_max_bytes", "stored baseline, largest, bytes", ""),
    ];

    public static Task<int> RunAsync(TelemetryOptions options) =>
        RepeatedRuns.RunAsync("telemetry", options.ToString(), options.Runs, options.LogFolder, Figures, async (run, cancellationToken) =>
        {
            await using var postgres = await ThrowawayPostgres.StartAsync(run.BinDirectory, options.PgMaxConnections, run.Cleanup, cancellationToken);
            await using var plane = await ControlPlane.StartAsync(postgres, run.ProductRoot, run.Folder, run.Cleanup, cancellationToken);
            await new TelemetryRun(options, plane, postgres, string.Create(CultureInfo.InvariantCulture, $"bench-{run.Run}"), run.Figures).RunAsync(cancellationToken);
        });
}
