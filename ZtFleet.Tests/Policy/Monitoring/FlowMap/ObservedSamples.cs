using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Monitoring.FlowMap;

/// <summary>Observed flows at the test fleet's Berlin plant (TestFleets.TwoPlants), by address as a sensor reports them.</summary>
internal static class ObservedSamples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static PlantSpec Berlin => FleetSamples.Read(TestFleets.TwoPlants).Plants.Single(p => p.Id.Value == "berlin");

    private static readonly Dictionary<string, (string Asset, string Zone)> Inventory = new(StringComparer.Ordinal)
    {
        ["10.0.0.10"] = ("erp-1", "ent-it"),
        ["10.0.35.10"] = ("jump-1", "dmz"),
        ["10.0.30.10"] = ("mes-1", "site-ops"),
        ["10.0.30.20"] = ("ews-1", "site-ops"),
        ["10.0.21.11"] = ("plc-1", "cell-1"),
        ["10.0.21.20"] = ("hmi-1", "cell-1"),
        ["10.0.11.10"] = ("sis-1", "safety"),
    };

    /// <summary>An observed flow from <paramref name="source"/> to <paramref name="destination"/> (addresses, resolved as ingestion would).</summary>
    public static ObservedFlow Seen(string source, string destination, int? port, string? protocol, params (string Operation, long Count)[] operations) =>
        new(
            Host(source, null),
            Host(destination, port),
            "tcp",
            protocol,
            new SortedDictionary<string, long>(operations.ToDictionary(o => o.Operation, o => o.Count), StringComparer.Ordinal),
            operations.Length == 0 ? 10 : operations.Sum(o => o.Count),
            0,
            Now.AddHours(-2),
            Now.AddMinutes(-1));

    public static ObservedHost Host(string ip, int? port) =>
        Inventory.TryGetValue(ip, out var known)
            ? new ObservedHost(ip, port, AssetId.Parse(known.Asset), ZoneId.Parse(known.Zone))
            : new ObservedHost(ip, port, null, null);

    /// <summary>hmi-1 → plc-1 Modbus fc3 and fc6: inside cell-1, the declared flow hmi-drives-plc-1 carries every operation.</summary>
    public static ObservedFlow HmiPollsPlc => Seen("10.0.21.20", "10.0.21.11", 502, "modbus-tcp", ("fc3", 1200), ("fc6", 4));

    /// <summary>mes-1 → plc-1 OPC UA read and write: the conduit mes-to-cell-1 allows read, not write.</summary>
    public static ObservedFlow MesReadsAndWrites => Seen("10.0.30.10", "10.0.21.11", 4840, "opc-ua", ("read", 500), ("write", 2));

    /// <summary>ews-1 → plc-1 Modbus fc16: no Modbus conduit from site-ops to cell-1.</summary>
    public static ObservedFlow EwsWritesModbus => Seen("10.0.30.20", "10.0.21.11", 502, "modbus-tcp", ("fc16", 3));

    /// <summary>An uninventoried laptop reading plc-1 over Modbus.</summary>
    public static ObservedFlow LaptopReadsPlc => Seen("10.0.99.7", "10.0.21.11", 502, "modbus-tcp", ("fc3", 40));
}
