using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Telemetry;

/// <summary>
/// Every kind of event survives the JSON that carries pure-core types across grain calls and into storage
/// (<see cref="PlantDeltaJson.Options"/>): the <c>kind</c> discriminator says the type, the abstract
/// <see cref="TelemetryEvent.Kind"/> is not written, and a discriminator after other properties (jsonb) still reads.
/// </summary>
public sealed class TelemetryEventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly ObservedHost Plc = new("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Stranger = new("10.9.9.9", null, null, null);

    public static readonly TheoryData<TelemetryEvent, string> Events = new()
    {
        {
            new FlowEvent
            {
                Id = "gw:1:0", Plant = Berlin, At = At, Sender = "gw", Source = Stranger, Destination = Plc, Transport = "tcp",
                Protocol = "modbus-tcp", Bytes = 10, Packets = 2, End = At.AddSeconds(1), Action = FlowAction.Dropped, Rule = "default-deny",
            },
            "flow"
        },
        {
            new OtTransactionEvent
            {
                Id = "gw:1:1", Plant = Berlin, At = At, Sender = "gw", Source = Stranger, Destination = Plc, Protocol = "modbus-tcp",
                Operation = "fc16", FunctionCode = 16, Unit = 1, Address = 40001, Quantity = 2, Exception = 1, Outcome = OtOutcome.Refused,
                Rule = "conduit:hmi", Identity = IdentityId.Parse("jdoe"),
            },
            "ot-transaction"
        },
        {
            new AuthenticationEvent
            {
                Id = "gw:1:2", Plant = Berlin, At = At, Sender = "gw", Identity = IdentityId.Parse("jdoe"), User = "jdoe", Method = "totp",
                Success = false, Source = Stranger, Target = Plc, Reason = "wrong code",
            },
            "authentication"
        },
        {
            new AccessDecisionEvent
            {
                Id = "gw:1:3", Plant = Berlin, At = At, Sender = "gw", Identity = IdentityId.Parse("jdoe"), Asset = AssetId.Parse("plc-1"),
                Zone = ZoneId.Parse("cell-1"), Operation = Operation.Write, Allowed = false, Reason = "outside-shift", Emergency = true, Source = Stranger,
            },
            "access-decision"
        },
        {
            new AssetChangeEvent
            {
                Id = "gw:1:4", Plant = Berlin, At = At, Sender = "gw", Asset = AssetId.Parse("plc-1"), Zone = ZoneId.Parse("cell-1"),
                Ip = "10.0.21.11", Change = AssetChangeKind.Firmware, From = "V2.9.4", To = "V3.0", By = Stranger, Identity = IdentityId.Parse("jdoe"),
            },
            "asset-change"
        },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_kind_round_trips_with_its_discriminator(TelemetryEvent e, string kind)
    {
        var json = JsonSerializer.Serialize(e, PlantDeltaJson.Options);
        using var document = JsonDocument.Parse(json);

        Assert.Equal(kind, document.RootElement.GetProperty("kind").GetString());
        Assert.False(document.RootElement.TryGetProperty("Kind", out _));
        Assert.Equal(e, JsonSerializer.Deserialize<TelemetryEvent>(json, PlantDeltaJson.Options));

        // jsonb reorders keys: the discriminator last still reads.
        var reordered = "{" + json[(json.IndexOf(',', StringComparison.Ordinal) + 1)..^1] + $",\"kind\":\"{kind}\"}}";
        Assert.Equal(e, JsonSerializer.Deserialize<TelemetryEvent>(reordered, PlantDeltaJson.Options));
    }

    [Fact]
    public void A_list_of_mixed_kinds_round_trips()
    {
        IReadOnlyList<TelemetryEvent> events = [.. Events.Select(row => (TelemetryEvent)row[0])];
        var json = JsonSerializer.Serialize(events, PlantDeltaJson.Options);

        Assert.Equal(events, JsonSerializer.Deserialize<List<TelemetryEvent>>(json, PlantDeltaJson.Options)!);
    }
}
