using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using static ZtFleet.Tests.Policy.Monitoring.Baselines.BaselineEvents;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>"Learn": a finding accepted into the baseline is not reported again.</summary>
public sealed class BaselineLearnTests
{
    private static readonly BaselineSettings Settings = BaselineSettings.Default;
    private static readonly ObservedHost Hmi = Host("hmi-1", "10.1.1.20");

    private static Baseline Learned() =>
        Baseline.Observe(new Baseline(Plant, Plc), [Modbus(Hmi, 3, T0, 0, 10)], learning: true, Settings, [], T0).Baseline;

    public static TheoryData<string> Novelties => new()
    {
        "new talker",
        "function code",
        "address range",
        "program function code",
    };

    [Theory]
    [MemberData(nameof(Novelties))]
    public void A_learned_finding_is_not_reported_again(string novelty)
    {
        var later = T0.AddDays(8);
        TelemetryEvent e = novelty switch
        {
            "new talker" => Modbus(Host("eng-ws-1", "10.1.1.30"), 3, later, 0, 10),
            "function code" => Modbus(Hmi, 16, later, 50, 2),
            "address range" => Modbus(Hmi, 3, later, 500, 10),
            _ => Modbus(Hmi, 90, later, 0, 1),
        };
        var baseline = Learned();
        var finding = Baseline.Observe(baseline, [e], learning: false, Settings, [], later).Findings
            .Single(f => f.Type != DetectionType.ChangeOutsideMaintenance);

        var learned = Baseline.Learn(baseline, finding, Settings, later.AddHours(1));

        Assert.NotNull(learned);
        var again = Baseline.Observe(learned, [e with { Id = "pep-1:999:0" }], learning: false, Settings, [], later.AddHours(2)).Findings;
        Assert.DoesNotContain(again, f => f.Type != DetectionType.ChangeOutsideMaintenance);
        if (novelty == "program function code")
        {
            Assert.Contains(learned.Programmers, p => p.Source == "hmi-1" && p.Operation == "fc90");
        }
    }

    [Fact]
    public void A_finding_without_a_learnable_or_about_another_asset_cannot_be_learned()
    {
        var refused = new Finding(DetectionType.RefusedWrite, Severity.Medium, Plant, "k", "s", T0, []) { Asset = Plc };
        var other = refused with { Learnable = "learn:talker source:hmi-9 protocol:modbus-tcp port:502", Asset = ZtFleet.Policy.Identifiers.AssetId.Parse("plc-2") };

        Assert.Null(Baseline.Learn(Learned(), refused, Settings, T0));
        Assert.Null(Baseline.Learn(Learned(), other, Settings, T0));
        Assert.Null(Baseline.Learn(Learned(), refused with { Learnable = "learn:everything" }, Settings, T0));
    }

    public static TheoryData<string, bool> Texts => new()
    {
        { "learn:operation source:eng-ws-1 protocol:modbus-tcp unit:1 op:fc90 range:0-9", true },
        { "learn:talker source:[fe80::1] protocol:ssh port:22", true },
        { "learn:range source:hmi-1 protocol:modbus-tcp unit:1 op:fc3 range:100-109", true },
        { "learn:period source:hmi-1 protocol:modbus-tcp unit:1 op:fc3", true },
        { "learn:silence source:[10.0.0.9] protocol:s7comm op:read", true },
        { "learn:period source:hmi-1 op:fc3", false },                             // which protocol?
        { "learn:range source:hmi-1 protocol:modbus-tcp unit:1 op:fc3", false },   // a range without one
        { "learn:range source:hmi-1 protocol:modbus-tcp op:fc3 range:9-1", false },
        { "learn:talker protocol:ssh", false },                                    // no source
        { "learn:operation source:a source:b protocol:x op:y", false },            // twice
        { "learn:talker source:a protocol:ssh port:-1", false },
        { "pair:eng-ws-1>plc-1 fc:90", false },
        { "", false },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Learnables_read_back_what_they_write(string text, bool valid)
    {
        Assert.Equal(valid, BaselineLearnable.TryParse(text, out var learnable));
        if (valid)
        {
            Assert.Equal(text, learnable!.ToString());
        }
    }
}
