using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Detections;

/// <summary>The plant-wide detectors over hand-made event sequences: what fires, when, with which key and evidence.</summary>
public sealed class PlantDetectorsTests
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly ObservedHost Ews = new("10.0.30.20", null, AssetId.Parse("ews-1"), ZoneId.Parse("site-ops"));
    private static readonly ObservedHost Plc = new("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"));
    private static readonly ObservedHost Rogue = new("10.0.21.99", 40000, null, null);

    private static readonly PlantDetectorSettings Small = new()
    {
        WindowSeconds = 60,
        DeniedFlowBurst = 3,
        ScanDestinations = 4,
        ScanPorts = 5,
        MfaFailureBurst = 3,
        MfaFailureWindowSeconds = 300,
        MaxTracked = 16,
    };

    private int _sequence;

    [Fact]
    public void An_uninventoried_host_sending_modbus_is_a_high_rogue_master_finding_once_per_window()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        var first = detectors.Observe([Ot(Rogue, Plc, "fc6", T0), Ot(Rogue, Plc, "fc6", T0.AddSeconds(1))]);
        var again = detectors.Observe([Ot(Rogue, Plc, "fc6", T0.AddSeconds(30))]);
        var later = detectors.Observe([Ot(Rogue, Plc, "fc6", T0.AddSeconds(61))]);

        var finding = Assert.Single(first);
        Assert.Equal((DetectionType.UninventoriedHost, Severity.High, "uninventoried-host:10.0.21.99"), (finding.Type, finding.Severity, finding.Key));
        Assert.Equal("T0848", finding.Technique?.Id);
        Assert.Equal(2, finding.Evidence.Count);
        Assert.Equal(ZoneId.Parse("cell-1"), finding.Zone);
        Assert.Null(finding.Asset);
        Assert.Contains("10.0.21.99", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("fc6", finding.Summary, StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Equal("uninventoried-host:10.0.21.99", Assert.Single(later).Key);
    }

    [Fact]
    public void An_uninventoried_destination_of_a_flow_is_a_medium_finding_without_technique()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        var finding = Assert.Single(detectors.Observe([Flow(Ews, Rogue with { Port = 443 }, FlowAction.Allowed, T0)]));

        Assert.Equal((Severity.Medium, (AttackTechnique?)null), (finding.Severity, finding.Technique));
        Assert.Equal(ZoneId.Parse("site-ops"), finding.Zone);
    }

    [Theory]
    [InlineData(2, 10, 0)]
    [InlineData(3, 10, 1)]
    [InlineData(3, 61, 0)]
    [InlineData(6, 10, 1)]
    public void Dropped_flows_from_one_source_are_a_burst_at_the_threshold_within_the_window(int drops, int spacingSeconds, int expected)
    {
        var detectors = new PlantDetectors(Berlin, Small);
        var events = Enumerable.Range(0, drops).Select(i => Flow(Ews, Plc, FlowAction.Dropped, T0.AddSeconds(i * spacingSeconds / 2.0))).ToList();

        var findings = detectors.Observe(events).Where(f => f.Type == DetectionType.DeniedFlowBurst).ToList();

        Assert.Equal(expected, findings.Count);
        if (expected > 0)
        {
            Assert.Equal("denied-flow-burst:ews-1", findings[0].Key);
            Assert.Equal(AssetId.Parse("ews-1"), findings[0].Asset);
            Assert.True(findings[0].Evidence.Count >= Small.DeniedFlowBurst);
        }
    }

    [Fact]
    public void Allowed_flows_are_never_a_denied_burst()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        var findings = detectors.Observe(Enumerable.Range(0, 10).Select(i => Flow(Ews, Plc, FlowAction.Allowed, T0.AddSeconds(i))));

        Assert.DoesNotContain(findings, f => f.Type == DetectionType.DeniedFlowBurst);
    }

    [Fact]
    public void A_source_reaching_many_destinations_in_the_window_is_scanning()
    {
        var detectors = new PlantDetectors(Berlin, Small);
        var targets = Enumerable.Range(1, 4).Select(i => new ObservedHost($"10.0.21.{10 + i}", 502, AssetId.Parse($"plc-{i}"), ZoneId.Parse("cell-1"))).ToList();

        var findings = detectors.Observe(targets.Select((t, i) => Flow(Ews, t, FlowAction.Allowed, T0.AddSeconds(i))));

        var scan = Assert.Single(findings, f => f.Type == DetectionType.Scanning);
        Assert.Equal(("scanning:ews-1", Severity.High, "T0846"), (scan.Key, scan.Severity, scan.Technique?.Id));
        Assert.Contains("4 distinct destination addresses", scan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_reaching_many_ports_of_one_host_is_scanning_but_not_when_spread_over_more_than_the_window()
    {
        var fast = new PlantDetectors(Berlin, Small);
        var slow = new PlantDetectors(Berlin, Small);

        var quick = fast.Observe(Enumerable.Range(0, 5).Select(i => Flow(Ews, Plc with { Port = 100 + i }, FlowAction.Dropped, T0.AddSeconds(i))));
        var spread = slow.Observe(Enumerable.Range(0, 5).Select(i => Flow(Ews, Plc with { Port = 100 + i }, FlowAction.Allowed, T0.AddSeconds(i * 40))));

        Assert.Contains("destination ports", Assert.Single(quick, f => f.Type == DetectionType.Scanning).Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(spread, f => f.Type == DetectionType.Scanning);
    }

    [Fact]
    public void Failed_authentications_of_one_identity_are_a_burst_and_successes_do_not_count()
    {
        var detectors = new PlantDetectors(Berlin, Small);
        var jdoe = IdentityId.Parse("jdoe");

        var findings = detectors.Observe([
            Auth(jdoe, "jdoe", success: false, T0),
            Auth(jdoe, "jdoe", success: true, T0.AddSeconds(10)),
            Auth(jdoe, "jdoe", success: false, T0.AddSeconds(20)),
            Auth(null, "mallory", success: false, T0.AddSeconds(25)),
            Auth(jdoe, "jdoe", success: false, T0.AddSeconds(30)),
        ]);

        var burst = Assert.Single(findings, f => f.Type == DetectionType.MfaFailureBurst);
        Assert.Equal(("mfa-failure-burst:jdoe", jdoe, 3), (burst.Key, burst.Identity, burst.Evidence.Count));
        Assert.Equal("T0859", burst.Technique?.Id);
    }

    [Fact]
    public void Failures_of_a_user_no_identity_has_are_keyed_by_the_user_name()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        var findings = detectors.Observe(Enumerable.Range(0, 3).Select(i => Auth(null, "admin", success: false, T0.AddSeconds(i))));

        var burst = Assert.Single(findings);
        Assert.Equal(("mfa-failure-burst:user:admin", (IdentityId?)null), (burst.Key, burst.Identity));
        Assert.Contains("User 'admin' failed", burst.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lockout", true)]
    [InlineData("lockout:totp", true)]
    [InlineData("LOCKOUT", true)]
    [InlineData("wrong-code", false)]
    [InlineData("lockouts", false)]
    public void A_failed_authentication_whose_reason_is_a_lockout_is_a_lockout(string reason, bool lockout)
    {
        var detectors = new PlantDetectors(Berlin, Small);
        var jdoe = IdentityId.Parse("jdoe");

        var findings = detectors.Observe([Auth(jdoe, "jdoe", success: false, T0) with { Reason = reason }]);

        Assert.Equal(lockout, findings.Any(f => f is { Type: DetectionType.Lockout, Key: "lockout:jdoe", Severity: Severity.High }));
    }

    [Fact]
    public void An_access_decision_outside_the_shift_is_an_off_shift_finding_about_the_identity()
    {
        var detectors = new PlantDetectors(Berlin, Small);
        var jdoe = IdentityId.Parse("jdoe");

        var findings = detectors.Observe([
            Decision(jdoe, DecisionReasons.OutsideShift, allowed: false, T0),
            Decision(jdoe, DecisionReasons.RolePermission, allowed: true, T0.AddSeconds(1)),
            Decision(jdoe, DecisionReasons.OutsideShift, allowed: false, T0.AddSeconds(2)),
        ]);

        var offShift = Assert.Single(findings);
        Assert.Equal((DetectionType.OffShiftAccess, "off-shift-access:jdoe", jdoe, Severity.Low, 2), (offShift.Type, offShift.Key, offShift.Identity, offShift.Severity, offShift.Evidence.Count));
        Assert.Contains("outside their shift", offShift.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_of_another_plant_are_ignored()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        var findings = detectors.Observe([Ot(Rogue, Plc, "fc6", T0) with { Plant = PlantId.Parse("austin") }]);

        Assert.Empty(findings);
    }

    [Fact]
    public void Memory_stays_bounded_however_many_sources_there_are()
    {
        var detectors = new PlantDetectors(Berlin, Small);

        for (var i = 0; i < 2000; i++)
        {
            var source = new ObservedHost($"10.9.{i / 250}.{i % 250}", 40000, null, null);
            detectors.Observe([Flow(source, Plc, FlowAction.Dropped, T0.AddMilliseconds(i)), Auth(null, $"user{i}", false, T0.AddMilliseconds(i))]);
        }

        Assert.True(detectors.Tracked <= 4 * Small.MaxTracked, $"tracked {detectors.Tracked}");
    }

    [Fact]
    public void Evidence_keeps_the_first_and_the_latest_ids()
    {
        var ids = Enumerable.Range(1, 50).Select(i => $"e{i}").ToList();

        var kept = DetectionEvidence.Bound(ids);

        Assert.Equal(Finding.MaxEvidence, kept.Count);
        Assert.Equal("e1", kept[0]);
        Assert.Equal("e50", kept[^1]);
        Assert.DoesNotContain("e25", kept);
    }

    [Fact]
    public void The_default_settings_are_valid_and_bad_ones_are_named()
    {
        Assert.Empty(PlantDetectorSettings.Default.Problems());
        var problems = (PlantDetectorSettings.Default with { DeniedFlowBurst = 1, WindowSeconds = 0 }).Problems();

        Assert.Equal(["windowSeconds", "deniedFlowBurst"], problems.Select(p => p.Field));
    }

    private OtTransactionEvent Ot(ObservedHost source, ObservedHost destination, string operation, DateTimeOffset at) => new()
    {
        Id = NextId(),
        Plant = Berlin,
        At = at,
        Sender = "berlin-gw-1",
        Source = source,
        Destination = destination,
        Protocol = "modbus-tcp",
        Operation = operation,
        Outcome = OtOutcome.Forwarded,
    };

    private FlowEvent Flow(ObservedHost source, ObservedHost destination, FlowAction action, DateTimeOffset at) => new()
    {
        Id = NextId(),
        Plant = Berlin,
        At = at,
        Sender = "berlin-gw-1",
        Source = source,
        Destination = destination,
        Transport = "tcp",
        Action = action,
        Rule = action == FlowAction.Dropped ? "default-deny" : null,
    };

    private AuthenticationEvent Auth(IdentityId? identity, string user, bool success, DateTimeOffset at) => new()
    {
        Id = NextId(),
        Plant = Berlin,
        At = at,
        Sender = "berlin-jump-1",
        Identity = identity,
        User = user,
        Method = "totp",
        Success = success,
        Reason = success ? null : "wrong-code",
    };

    private AccessDecisionEvent Decision(IdentityId identity, string reason, bool allowed, DateTimeOffset at) => new()
    {
        Id = NextId(),
        Plant = Berlin,
        At = at,
        Sender = "berlin-gw-1",
        Identity = identity,
        Asset = AssetId.Parse("hmi-1"),
        Zone = ZoneId.Parse("cell-1"),
        Operation = Operation.Write,
        Allowed = allowed,
        Reason = reason,
    };

    private string NextId() => $"berlin-gw-1:1:{_sequence++}";
}
