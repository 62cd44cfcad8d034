using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>Events about one PLC (<c>plc-1</c> at plant <c>plant-a</c>) for baseline tests.</summary>
internal static class BaselineEvents
{
    public static readonly PlantId Plant = PlantId.Parse("plant-a");
    public static readonly AssetId Plc = AssetId.Parse("plc-1");
    public static readonly ZoneId Cell = ZoneId.Parse("cell-1");

    /// <summary>Thursday 26 November 2026, 08:00 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static long _sequence;

    public static ObservedHost Host(string asset, string ip) => new(ip, null, AssetId.Parse(asset), Cell);

    public static ObservedHost Uninventoried(string ip) => new(ip, null, null, null);

    public static ObservedHost Target(int port = 502) => new("10.1.1.10", port, Plc, Cell);

    public static OtTransactionEvent Modbus(
        ObservedHost source,
        int functionCode,
        DateTimeOffset at,
        long? address = 0,
        long? quantity = 10,
        int unit = 1,
        OtOutcome outcome = OtOutcome.Forwarded) => new()
        {
            Id = NextId(),
            Plant = Plant,
            At = at,
            Sender = "pep-1",
            Source = source,
            Destination = Target(),
            Protocol = "modbus-tcp",
            Operation = $"fc{functionCode}",
            FunctionCode = functionCode,
            Unit = unit,
            Address = address,
            Quantity = quantity,
            Outcome = outcome,
            Rule = outcome == OtOutcome.Refused ? "default-deny" : "conduit:hmi-to-plc",
        };

    public static OtTransactionEvent S7(ObservedHost source, string operation, DateTimeOffset at, OtOutcome outcome = OtOutcome.Forwarded) => new()
    {
        Id = NextId(),
        Plant = Plant,
        At = at,
        Sender = "pep-1",
        Source = source,
        Destination = Target(102),
        Protocol = "s7comm",
        Operation = operation,
        Outcome = outcome,
    };

    public static FlowEvent Flow(ObservedHost source, int port, string? protocol, DateTimeOffset at, FlowAction action = FlowAction.Allowed) => new()
    {
        Id = NextId(),
        Plant = Plant,
        At = at,
        Sender = "pep-1",
        Source = source,
        Destination = Target(port),
        Transport = "tcp",
        Protocol = protocol,
        Action = action,
    };

    public static AssetChangeEvent Change(AssetChangeKind kind, string? from, string to, DateTimeOffset at, ObservedHost? by = null) => new()
    {
        Id = NextId(),
        Plant = Plant,
        At = at,
        Sender = "sensor-1",
        Asset = Plc,
        Zone = Cell,
        Change = kind,
        From = from,
        To = to,
        By = by,
    };

    private static string NextId() => $"pep-1:{Interlocked.Increment(ref _sequence)}:0";
}
