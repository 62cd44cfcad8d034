using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Telemetry;

/// <summary>A batch's events summed into observed flows: one per pair, port, transport and protocol, operations counted.</summary>
public sealed class ObservedFlowsTests
{
    private static readonly PlantId Plant = PlantId.Parse("berlin");
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private static readonly ObservedHost Hmi = new("10.0.21.20", 40001, AssetId.Parse("hmi-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Plc = new("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Stranger = new("10.66.6.6", 51000, null, null);

    [Fact]
    public void Transactions_of_one_pair_are_one_flow_with_each_function_code_counted_and_the_widest_span()
    {
        var flows = ObservedFlows.Summarise(
        [
            Transaction(0, Hmi, "fc3", T0.AddSeconds(2)),
            Transaction(1, Hmi with { Port = 40002 }, "fc3", T0),
            Transaction(2, Hmi, "fc16", T0.AddSeconds(1), OtOutcome.Refused),
            Transaction(3, Stranger, "fc3", T0),
            new AuthenticationEvent { Id = "s:1:4", Plant = Plant, At = T0, Sender = "s", User = "jdoe", Method = "totp", Success = false },
        ]);

        Assert.Equal(2, flows.Count);
        var hmi = Assert.Single(flows, f => f.Source.Asset == Hmi.Asset);
        Assert.Equal(
            ("hmi-1>plc-1:502/tcp/modbus-tcp", 3L, 1L, T0, T0.AddSeconds(2), (int?)null),
            (hmi.Key, hmi.Events, hmi.Dropped, hmi.FirstSeen, hmi.LastSeen, hmi.Source.Port));
        Assert.Equal([("fc16", 1L), ("fc3", 2L)], hmi.Operations.Select(o => (o.Key, o.Value)));
        Assert.Equal("[10.66.6.6]>plc-1:502/tcp/modbus-tcp", Assert.Single(flows, f => f.Source.Uninventoried).Key);
    }

    [Fact]
    public void Two_summaries_of_the_same_flow_merge_into_the_sums()
    {
        var first = Assert.Single(ObservedFlows.Summarise([Transaction(0, Hmi, "fc3", T0)]));
        var second = Assert.Single(ObservedFlows.Summarise([Transaction(0, Hmi, "fc3", T0.AddMinutes(1)), Transaction(1, Hmi, "fc6", T0.AddMinutes(2))]));

        var merged = ObservedFlows.Merge(first, second);

        Assert.Equal((3L, T0, T0.AddMinutes(2)), (merged.Events, merged.FirstSeen, merged.LastSeen));
        Assert.Equal([("fc3", 2L), ("fc6", 1L)], merged.Operations.Select(o => (o.Key, o.Value)));
    }

    private static OtTransactionEvent Transaction(int index, ObservedHost source, string operation, DateTimeOffset at, OtOutcome outcome = OtOutcome.Forwarded) => new()
    {
        Id = $"s:1:{index}",
        Plant = Plant,
        At = at,
        Sender = "s",
        Source = source,
        Destination = Plc,
        Protocol = "modbus-tcp",
        Operation = operation,
        Outcome = outcome,
    };
}
