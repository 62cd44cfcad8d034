using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using static ZtFleet.Tests.Policy.Monitoring.Baselines.BaselineEvents;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>Learning, then each asset-level detector against what was learned.</summary>
public sealed class BaselineDetectorTests
{
    private static readonly BaselineSettings Settings = BaselineSettings.Default;
    private static readonly ObservedHost Hmi = Host("hmi-1", "10.1.1.20");
    private static readonly ObservedHost Scada = Host("scada-1", "10.1.1.21");
    private static readonly ObservedHost EngWs = Host("eng-ws-1", "10.1.1.30");

    /// <summary>Saturday 06:00–10:00 UTC.</summary>
    private static readonly IReadOnlyList<ShiftCalendar> Windows =
        [new ShiftCalendar("saturday", TimeZoneInfo.Utc, new TimeOnly(6, 0), new TimeOnly(10, 0), [DayOfWeek.Saturday])];

    /// <summary>A week of learning: the HMI reads 0–9 and writes 100–101; SCADA reads 0–49; the engineering station programs in the window.</summary>
    private static Baseline Learned()
    {
        var saturday = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);
        var events = new List<TelemetryEvent>
        {
            Modbus(Hmi, 3, T0, 0, 10),
            Modbus(Hmi, 6, T0.AddSeconds(1), 100, 1),
            Modbus(Hmi, 6, T0.AddSeconds(2), 101, 1),
            Modbus(Scada, 3, T0.AddSeconds(3), 0, 50),
            Modbus(EngWs, 90, saturday),
            Flow(EngWs, 22, "ssh", saturday),
        };
        var result = Baseline.Observe(new Baseline(Plant, Plc), events, learning: true, Settings, Windows, saturday);
        Assert.Empty(result.Findings);
        return result.Baseline;
    }

    private static IReadOnlyList<Finding> Operational(params TelemetryEvent[] events) =>
        Baseline.Observe(Learned(), events, learning: false, Settings, Windows, T0.AddDays(3)).Findings;

    [Fact]
    public void Learning_holds_talkers_operations_merged_ranges_and_programmers()
    {
        var baseline = Learned();

        Assert.Equal(["eng-ws-1|22", "eng-ws-1|502", "hmi-1|502", "scada-1|502"], baseline.Talkers.Select(t => t.Key));
        Assert.Equal(
            ["eng-ws-1|modbus-tcp|1|fc90", "hmi-1|modbus-tcp|1|fc3", "hmi-1|modbus-tcp|1|fc6", "scada-1|modbus-tcp|1|fc3"],
            baseline.Operations.Select(o => o.Key));
        Assert.Equal([new AddressRange(100, 101)], baseline.Operations.Single(o => o.Key == "hmi-1|modbus-tcp|1|fc6").Ranges);
        Assert.Equal([("eng-ws-1", "fc90")], baseline.Programmers.Select(p => (p.Source, p.Operation)));
        Assert.True(baseline.Learning);
        Assert.Equal(Cell, baseline.Zone);
    }

    [Fact]
    public void Known_behaviour_is_not_reported() =>
        Assert.Empty(Operational(Modbus(Hmi, 3, T0.AddDays(2), 2, 5), Modbus(Scada, 3, T0.AddDays(2), 40, 10), Flow(Hmi, 502, "modbus-tcp", T0.AddDays(2))));

    public static TheoryData<int, Severity, string> UnknownCodes => new()
    {
        { 16, Severity.High, "T0855" },     // write multiple registers
        { 8, Severity.High, "T0855" },      // diagnostics
        { 1, Severity.Medium, "T0801" },    // another read
        { 43, Severity.Medium, "T0888" },   // read device identification
        { 90, Severity.Critical, "T0843" }, // UMAS programming
    };

    [Theory]
    [MemberData(nameof(UnknownCodes))]
    public void A_function_code_a_pair_never_used_is_reported_with_its_severity_and_technique(int code, Severity severity, string technique)
    {
        var e = Modbus(Hmi, code, T0.AddDays(2));

        var finding = Operational(e).Single(f => f.Type == DetectionType.FunctionCodeOutsideBaseline);

        Assert.Equal(severity, finding.Severity);
        Assert.Equal(technique, finding.Technique!.Id);
        Assert.Equal($"function-code-outside-baseline:hmi-1>plc-1:1:fc{code}", finding.Key);
        Assert.Equal([e.Id], finding.Evidence);
        Assert.Equal(Plc, finding.Asset);
        Assert.Equal(Cell, finding.Zone);
        Assert.Equal(Hmi, finding.Source);
        Assert.StartsWith($"hmi-1 used fc{code} (", finding.Summary, StringComparison.Ordinal);
        Assert.EndsWith("on unit 1 of plc-1, which its baseline has not seen from hmi-1 (it uses fc3, fc6).", finding.Summary, StringComparison.Ordinal);
        Assert.Equal($"learn:operation source:hmi-1 protocol:modbus-tcp unit:1 op:fc{code} range:0-9", finding.Learnable);
    }

    [Fact]
    public void A_known_code_on_another_unit_is_outside_the_baseline() =>
        Assert.Equal(
            "function-code-outside-baseline:hmi-1>plc-1:2:fc3",
            Assert.Single(Operational(Modbus(Hmi, 3, T0.AddDays(2), unit: 2))).Key);

    public static TheoryData<int, long, long, DetectionType?, Severity, string?> Ranges => new()
    {
        { 3, 0, 10, null, Severity.Unspecified, null },                                      // exactly the learned range
        { 3, 5, 5, null, Severity.Unspecified, null },                                       // inside it
        { 3, 5, 10, DetectionType.AddressRangeOutsideBaseline, Severity.Low, "T0861" },      // 5-14 reaches past 9
        { 3, 1000, 1, DetectionType.AddressRangeOutsideBaseline, Severity.Low, "T0861" },
        { 6, 101, 1, null, Severity.Unspecified, null },                                     // 100 and 101 merged
        { 6, 102, 1, DetectionType.AddressRangeOutsideBaseline, Severity.High, "T0836" },    // a setpoint next to them
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Addresses_outside_the_learned_ranges_are_reported(int code, long address, long quantity, DetectionType? type, Severity severity, string? technique)
    {
        var findings = Operational(Modbus(Hmi, code, T0.AddDays(2), address, quantity));

        if (type is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        Assert.Equal((type.Value, severity, technique), (finding.Type, finding.Severity, finding.Technique?.Id));
        Assert.Contains($"outside its baseline for fc{code}", finding.Summary, StringComparison.Ordinal);
        Assert.StartsWith($"learn:range source:hmi-1 protocol:modbus-tcp unit:1 op:fc{code} range:{address}-", finding.Learnable, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_refused_write_is_reported_even_while_learning(bool learning)
    {
        var refused = Modbus(Uninventoried("10.9.9.9"), 6, T0.AddDays(2), 100, 1, outcome: OtOutcome.Refused);

        var result = Baseline.Observe(Learned(), [refused], learning, Settings, Windows, T0.AddDays(2));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((DetectionType.RefusedWrite, Severity.High, "T0855"), (finding.Type, finding.Severity, finding.Technique!.Id));
        Assert.Equal("A proxy refused fc6 (write) from [10.9.9.9] to unit 1 of plc-1 (default-deny).", finding.Summary);
        Assert.Null(finding.Learnable);
        Assert.DoesNotContain(result.Baseline.Talkers, t => t.Source == "[10.9.9.9]");
    }

    [Fact]
    public void A_refused_read_is_not_a_refused_write_and_a_refused_download_is_high() =>
        Assert.Equal(
            [(DetectionType.RefusedWrite, Severity.Critical, "T0843")],
            Operational(
                Modbus(Hmi, 3, T0.AddDays(2), outcome: OtOutcome.Refused),
                S7(Hmi, "download", T0.AddDays(2), OtOutcome.Refused))
            .Select(f => (f.Type, f.Severity, f.Technique!.Id)));

    [Fact]
    public void A_new_talker_is_reported_once_per_batch_with_its_evidence_and_only_when_operational()
    {
        var rogue = Uninventoried("10.9.9.9");
        var events = Enumerable.Range(0, 30).Select(i => Modbus(rogue, 3, T0.AddDays(2).AddSeconds(i))).ToArray();

        var finding = Assert.Single(Operational(events));

        Assert.Equal((DetectionType.NewTalker, Severity.Medium, "T0848"), (finding.Type, finding.Severity, finding.Technique!.Id));
        Assert.Equal("new-talker:[10.9.9.9]>plc-1:502", finding.Key);
        Assert.Equal(Finding.MaxEvidence, finding.Evidence.Count);
        Assert.Equal(events[..10].Select(e => e.Id).Concat(events[^10..].Select(e => e.Id)), finding.Evidence);
        Assert.Equal(events[^1].At, finding.At);
        Assert.Equal("[10.9.9.9] sent fc3 (read) to plc-1 over modbus-tcp port 502, a talker its baseline does not have (4 known talkers).", finding.Summary);

        var learning = Baseline.Observe(Learned(), events, learning: true, Settings, Windows, T0.AddDays(2));
        Assert.Empty(learning.Findings);
        Assert.Contains(learning.Baseline.Talkers, t => t.Key == "[10.9.9.9]|502");
    }

    [Fact]
    public void A_new_remote_session_is_a_high_new_talker_and_dropped_flows_are_not_talkers()
    {
        var findings = Operational(
            Flow(Hmi, 22, "ssh", T0.AddDays(2)),
            Flow(Uninventoried("10.9.9.9"), 3389, "rdp", T0.AddDays(2), FlowAction.Dropped));

        var finding = Assert.Single(findings);
        Assert.Equal((DetectionType.NewTalker, Severity.High, "T0886"), (finding.Type, finding.Severity, finding.Technique!.Id));
        Assert.Equal("learn:talker source:hmi-1 protocol:ssh port:22", finding.Learnable);
    }

    public static TheoryData<AssetChangeKind, int, Severity?, string?> Changes => new()
    {
        { AssetChangeKind.Firmware, 2, Severity.Critical, "T0857" },    // Monday
        { AssetChangeKind.Program, 2, Severity.Critical, "T0843" },
        { AssetChangeKind.Mode, 2, Severity.High, "T0858" },
        { AssetChangeKind.Firmware, 0, null, null },                    // Saturday 07:00, inside the window
        { AssetChangeKind.NewMac, 2, null, null },                      // not a program or firmware change
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_outside_a_maintenance_window_is_reported_even_while_learning(AssetChangeKind kind, int daysAfterSaturday, Severity? severity, string? technique)
    {
        var at = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero).AddDays(daysAfterSaturday);
        var change = Change(kind, "V1", "V2", at, EngWs);

        var result = Baseline.Observe(Learned(), [change], learning: true, Settings, Windows, at);

        Assert.Equal(kind, result.Baseline.Versions[^1].Kind);
        Assert.Equal("V2", result.Baseline.Versions[^1].Value);
        if (severity is null)
        {
            Assert.Empty(result.Findings);
            return;
        }

        var finding = Assert.Single(result.Findings);
        Assert.Equal((DetectionType.ChangeOutsideMaintenance, severity.Value, technique), (finding.Type, finding.Severity, finding.Technique!.Id));
        Assert.EndsWith("changed from V1 to V2 by eng-ws-1 at 2026-11-30 07:00:00 UTC, outside every maintenance window of the plant.", finding.Summary, StringComparison.Ordinal);
        Assert.Null(finding.Learnable);
    }

    [Fact]
    public void A_program_download_outside_the_window_is_a_change_and_without_windows_everything_is_outside()
    {
        var monday = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var findings = Operational(Modbus(EngWs, 90, monday), S7(EngWs, "stop", monday));

        Assert.Equal(
            [(DetectionType.ChangeOutsideMaintenance, Severity.Critical), (DetectionType.ChangeOutsideMaintenance, Severity.High), (DetectionType.NewTalker, Severity.High)],
            findings.Select(f => (f.Type, f.Severity)));

        var none = Baseline.Observe(Learned(), [S7(EngWs, "download", monday)], learning: true, Settings, [], monday);
        Assert.EndsWith("and the plant has no maintenance window.", Assert.Single(none.Findings).Summary, StringComparison.Ordinal);
        Assert.Contains(none.Baseline.Programmers, p => p.Operation == "download");
    }

    [Fact]
    public void Events_about_another_asset_are_ignored()
    {
        var other = Modbus(Hmi, 16, T0.AddDays(2)) with { Destination = new ObservedHost("10.1.1.11", 502, ZtFleet.Policy.Identifiers.AssetId.Parse("plc-2"), Cell) };

        Assert.Empty(Operational(other));
    }
}
