using System.Globalization;
using ZtFleet.Bench.Telemetry;

namespace ZtFleet.Bench.Response;

/// <summary>Options of <c>response</c> (see <see cref="ResponseBenchmark"/>).</summary>
internal sealed record ResponseOptions
{
    public int Runs { get; init; } = 3;

    /// <summary>Production cells of the plant (as <c>telemetry</c>'s plant).</summary>
    public int Cells { get; init; } = 4;

    public int PlcsPerCell { get; init; } = 100;

    /// <summary>Detections sent one at a time, each about another PLC, each answered by the playbook.</summary>
    public int Probes { get; init; } = 300;

    public int PgMaxConnections { get; init; } = 200;

    public string? LogFolder { get; init; }

    public static ResponseOptions From(Arguments arguments)
    {
        var quick = arguments.Flag("quick");
        var defaults = quick ? new ResponseOptions { Runs = 1, Cells = 1, PlcsPerCell = 60, Probes = 50 } : new ResponseOptions();
        var options = defaults with
        {
            Runs = arguments.Int("runs", defaults.Runs),
            Cells = arguments.Int("cells", defaults.Cells),
            PlcsPerCell = arguments.Int("plcs-per-cell", defaults.PlcsPerCell),
            Probes = arguments.Int("probes", defaults.Probes),
            PgMaxConnections = arguments.Int("pg-max-connections", defaults.PgMaxConnections),
            LogFolder = arguments.Text("logs"),
        };
        arguments.RejectUnknown();
        return options with { Probes = Math.Min(options.Probes, Math.Min(options.Cells * options.PlcsPerCell, 1000)) };
    }

    /// <summary>The plant's shape, as <c>telemetry</c> builds it.</summary>
    public TelemetryOptions Plant() => new() { Cells = Cells, PlcsPerCell = PlcsPerCell, Senders = 1 };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Runs} run(s); one plant of {Cells} cells x {PlcsPerCell} PLCs; {Probes} detections, one at a time, each on another PLC");
}
