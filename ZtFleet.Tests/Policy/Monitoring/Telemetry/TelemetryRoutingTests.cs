using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Telemetry;

/// <summary>
/// Which grains see an event: the destination asset's (OT transactions, flows), the changed asset's, and the plant
/// monitor for every flow, authentication, access decision and anything with an uninventoried host.
/// </summary>
public sealed class TelemetryRoutingTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly ObservedHost Hmi = new("10.0.21.20", null, AssetId.Parse("hmi-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Plc = new("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Stranger = new("10.9.9.9", null, null, null);

    public static readonly TheoryData<string, string?, bool> Cases = new()
    {
        { "modbus between inventoried hosts", "plc-1", false },
        { "modbus from an uninventoried host", "plc-1", true },
        { "modbus to an uninventoried host", null, true },
        { "flow between inventoried hosts", "plc-1", true },
        { "program change of an asset", "plc-1", false },
        { "change at an unknown address", null, true },
        { "authentication", null, true },
        { "access decision", null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_event_goes_to_its_asset_and_to_the_plant_when_plant_wide_detectors_look_at_it(string @case, string? asset, bool plantLevel)
    {
        var e = Event(@case);

        Assert.Equal(asset, TelemetryRouting.AssetOf(e)?.Value);
        Assert.Equal(asset is null ? null : ZoneId.Parse("cell-1"), TelemetryRouting.ZoneOf(e));
        Assert.Equal(plantLevel, TelemetryRouting.IsPlantLevel(e));
    }

    private static TelemetryEvent Event(string @case)
    {
        OtTransactionEvent Modbus(ObservedHost source, ObservedHost destination) => new()
        {
            Id = "gw:1:0",
            Plant = PlantId.Parse("berlin"),
            At = At,
            Sender = "gw",
            Source = source,
            Destination = destination,
            Protocol = "modbus-tcp",
            Operation = "fc3",
            FunctionCode = 3,
            Outcome = OtOutcome.Forwarded,
        };
        AssetChangeEvent Change(AssetId? asset) => new()
        {
            Id = "gw:1:0",
            Plant = PlantId.Parse("berlin"),
            At = At,
            Sender = "gw",
            Asset = asset,
            Zone = asset is null ? null : ZoneId.Parse("cell-1"),
            Change = AssetChangeKind.Program,
        };
        return @case switch
        {
            "modbus between inventoried hosts" => Modbus(Hmi, Plc),
            "modbus from an uninventoried host" => Modbus(Stranger, Plc),
            "modbus to an uninventoried host" => Modbus(Hmi, Stranger),
            "flow between inventoried hosts" => new FlowEvent
            {
                Id = "gw:1:0",
                Plant = PlantId.Parse("berlin"),
                At = At,
                Sender = "gw",
                Source = Hmi,
                Destination = Plc,
                Transport = "tcp",
                Action = FlowAction.Allowed,
            },
            "program change of an asset" => Change(AssetId.Parse("plc-1")),
            "change at an unknown address" => Change(null),
            "authentication" => new AuthenticationEvent
            {
                Id = "gw:1:0",
                Plant = PlantId.Parse("berlin"),
                At = At,
                Sender = "gw",
                User = "jdoe",
                Method = "password",
                Success = true,
            },
            "access decision" => new AccessDecisionEvent
            {
                Id = "gw:1:0",
                Plant = PlantId.Parse("berlin"),
                At = At,
                Sender = "gw",
                Identity = IdentityId.Parse("jdoe"),
                Asset = AssetId.Parse("plc-1"),
                Zone = ZoneId.Parse("cell-1"),
                Operation = Operation.View,
                Allowed = true,
                Reason = "allowed-by-role",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, null),
        };
    }
}
