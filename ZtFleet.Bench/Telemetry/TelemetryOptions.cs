using System.Globalization;

namespace ZtFleet.Bench.Telemetry;

/// <summary>Options of <c>telemetry</c> (see <see cref="TelemetryBenchmark"/>).</summary>
internal sealed record TelemetryOptions
{
    public int Runs { get; init; } = 3;

    /// <summary>Production cells of the plant; each has its PLCs and two HMIs that poll them.</summary>
    public int Cells { get; init; } = 10;

    public int PlcsPerCell { get; init; } = 100;

    /// <summary>Senders (sensors) streaming at once, each with its own credential.</summary>
    public int Senders { get; init; } = 4;

    public int BatchSize { get; init; } = 1000;

    /// <summary>Batches a sender keeps unacknowledged (its window).</summary>
    public int InFlight { get; init; } = 4;

    /// <summary>How long the throughput phase streams after its warm-up (the figure's window).</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>How long the throughput phase streams before its window opens (JIT tier-up, first detections).</summary>
    public int WarmupSeconds { get; init; } = 15;

    /// <summary>Anomalies sent one at a time (each a new detection), for event → detection stored.</summary>
    public int DetectionProbes { get; init; } = 200;

    /// <summary>PLCs pushed below their tier one at a time, for event → tier change → a PEP's Check denies.</summary>
    public int TrustProbes { get; init; } = 100;

    public int PgMaxConnections { get; init; } = 200;

    public string? LogFolder { get; init; }

    public bool Quick { get; init; }

    public int Plcs => Cells * PlcsPerCell;

    public static TelemetryOptions From(Arguments arguments)
    {
        var quick = arguments.Flag("quick");
        var defaults = quick
            ? new TelemetryOptions { Runs = 1, Cells = 2, PlcsPerCell = 50, Seconds = 8, WarmupSeconds = 4, DetectionProbes = 40, TrustProbes = 20, Quick = true }
            : new TelemetryOptions();
        var options = defaults with
        {
            Runs = arguments.Int("runs", defaults.Runs),
            Cells = arguments.Int("cells", defaults.Cells),
            PlcsPerCell = arguments.Int("plcs-per-cell", defaults.PlcsPerCell),
            Senders = arguments.Int("senders", defaults.Senders),
            BatchSize = arguments.Int("batch", defaults.BatchSize),
            InFlight = arguments.Int("in-flight", defaults.InFlight),
            Seconds = arguments.Int("seconds", defaults.Seconds),
            WarmupSeconds = arguments.Int("warmup-seconds", defaults.WarmupSeconds),
            DetectionProbes = arguments.Int("detection-probes", defaults.DetectionProbes),
            TrustProbes = arguments.Int("trust-probes", defaults.TrustProbes),
            PgMaxConnections = arguments.Int("pg-max-connections", defaults.PgMaxConnections),
            LogFolder = arguments.Text("logs"),
        };
        arguments.RejectUnknown();
        return options;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Runs} run(s); one plant of {Cells} cells x {PlcsPerCell} PLCs ({Plcs:N0}) polled by {Cells * 2} HMIs; {Senders} senders, batches of {BatchSize:N0}, {InFlight} in flight, {WarmupSeconds} s warm-up then {Seconds} s; {DetectionProbes} detection probes, {TrustProbes} trust probes");
}
