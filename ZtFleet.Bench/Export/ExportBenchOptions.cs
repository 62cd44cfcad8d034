using System.Globalization;

namespace ZtFleet.Bench.Export;

/// <summary>Options of <c>export</c> (see <see cref="ExportBenchmark"/>).</summary>
internal sealed record ExportBenchOptions
{
    public int Runs { get; init; } = 3;

    /// <summary>Records put in the outbox at once for the throughput figure.</summary>
    public int Records { get; init; } = 200_000;

    /// <summary>Records streaming while the API process is killed and restarted.</summary>
    public int KillRecords { get; init; } = 100_000;

    /// <summary>How long each append-cost phase appends.</summary>
    public int AppendSeconds { get; init; } = 5;

    /// <summary>Concurrent appenders in the append-cost phase.</summary>
    public int Appenders { get; init; } = 4;

    /// <summary>The exporter's batch size (ZtFleet:Export:BatchSize).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>What syslog MSG carries: ocsf (the default of the product) or sentence.</summary>
    public string Message { get; init; } = "ocsf";

    public int PgMaxConnections { get; init; } = 200;

    public string? LogFolder { get; init; }

    public static ExportBenchOptions From(Arguments arguments)
    {
        var quick = arguments.Flag("quick");
        var defaults = quick ? new ExportBenchOptions { Runs = 1, Records = 50_000, KillRecords = 30_000, AppendSeconds = 2 } : new ExportBenchOptions();
        var options = defaults with
        {
            Runs = arguments.Int("runs", defaults.Runs),
            Records = arguments.Int("records", defaults.Records),
            KillRecords = arguments.Int("kill-records", defaults.KillRecords),
            AppendSeconds = arguments.Int("append-seconds", defaults.AppendSeconds),
            Appenders = arguments.Int("appenders", defaults.Appenders),
            BatchSize = arguments.Int("batch", defaults.BatchSize),
            Message = arguments.Text("message") ?? defaults.Message,
            PgMaxConnections = arguments.Int("pg-max-connections", defaults.PgMaxConnections),
            LogFolder = arguments.Text("logs"),
        };
        arguments.RejectUnknown();
        return options;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Runs} run(s); {Records:N0} records for throughput, {KillRecords:N0} across a SIGKILL of the API; exporter batches of {BatchSize:N0}; syslog MSG {Message}; append cost {Appenders} appenders x {AppendSeconds} s");
}
