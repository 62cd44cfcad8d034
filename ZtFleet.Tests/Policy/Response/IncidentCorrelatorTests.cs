using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>
/// Correlation rules (docs/incidents.md): which incident a part joins, when incidents merge, the conduit chain, and
/// the severity. Two plants: berlin (dmz ─ cell-1 ─ sis, and cell-2 with no conduit) and lyon (dmz ─ cell-1).
/// </summary>
public sealed class IncidentCorrelatorTests
{
    internal static readonly PlantId Berlin = PlantId.Parse("berlin");
    internal static readonly PlantId Lyon = PlantId.Parse("lyon");
    internal static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    internal static readonly TimeSpan Window = TimeSpan.FromHours(1);

    internal static readonly IncidentTopology Topology = new([
        new PlantTopology(
            Berlin,
            new Dictionary<AssetId, ZoneId>
            {
                [A("hmi-1")] = Z("dmz"),
                [A("plc-1")] = Z("cell-1"),
                [A("plc-2")] = Z("cell-2"),
                [A("sis-1")] = Z("sis"),
                [A("plc-7")] = Z("cell-2"),
            },
            [(Z("dmz"), Z("cell-1")), (Z("cell-1"), Z("sis"))],
            new HashSet<ZoneId> { Z("sis") },
            new HashSet<AssetId> { A("sis-1"), A("plc-7") }),
        new PlantTopology(
            Lyon,
            new Dictionary<AssetId, ZoneId> { [A("hmi-1")] = Z("dmz"), [A("plc-1")] = Z("cell-1") },
            [(Z("dmz"), Z("cell-1"))],
            new HashSet<ZoneId>(),
            new HashSet<AssetId>()),
    ]);

    [Fact]
    public void The_same_vendor_account_failing_MFA_at_one_plant_and_trying_off_shift_access_at_another_is_one_incident()
    {
        var lockout = Detection("berlin-1", Berlin, DetectionType.Lockout, Severity.High, T0, identity: "vendor-acme");
        var offShift = Detection("lyon-4", Lyon, DetectionType.OffShiftAccess, Severity.Medium, T0.AddMinutes(25), identity: "vendor-acme");

        var incidents = Run(lockout, offShift);

        var incident = Assert.Single(incidents);
        Assert.True(incident.CrossPlant);
        Assert.Equal([Berlin, Lyon], incident.Plants);
        Assert.Equal([I("vendor-acme")], incident.Identities);
        Assert.Equal(Severity.Critical, incident.Severity); // high, one step for two plants
        Assert.Equal("Identity vendor-acme: lockout at berlin, off shift access at lyon (2 plants).", incident.Title);
        Assert.Equal(["berlin-1", "lyon-4"], incident.Parts.Select(p => p.Reference));
    }

    [Fact]
    public void The_same_identity_outside_the_window_opens_a_second_incident()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.Lockout, Severity.High, T0, identity: "vendor-acme"),
            Detection("lyon-4", Lyon, DetectionType.OffShiftAccess, Severity.Medium, T0.AddMinutes(61), identity: "vendor-acme"));

        Assert.Equal(2, incidents.Count);
        Assert.All(incidents, i => Assert.False(i.CrossPlant));
    }

    [Fact]
    public void Detections_following_a_conduit_within_the_window_form_a_chain()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.NewTalker, Severity.Medium, T0, asset: "hmi-1"),
            Detection("berlin-2", Berlin, DetectionType.FunctionCodeOutsideBaseline, Severity.High, T0.AddMinutes(10), asset: "plc-1"));

        var incident = Assert.Single(incidents);
        Assert.True(incident.ConduitChain);
        Assert.Equal(["berlin/dmz", "berlin/cell-1"], incident.ZonePath);
        Assert.Equal(Severity.High, incident.Severity);
        Assert.Equal(
            "Assets hmi-1 and plc-1: new talker, function code outside baseline at berlin; moved along conduits berlin/dmz → berlin/cell-1.",
            incident.Title);
    }

    [Fact]
    public void A_chain_that_reaches_the_safety_zone_is_raised_a_step()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.NewTalker, Severity.Low, T0, asset: "hmi-1"),
            Detection("berlin-2", Berlin, DetectionType.NewTalker, Severity.Medium, T0.AddMinutes(5), asset: "plc-1"),
            Detection("berlin-3", Berlin, DetectionType.Scanning, Severity.Medium, T0.AddMinutes(9), asset: "sis-1"));

        var incident = Assert.Single(incidents);
        Assert.Equal(["berlin/dmz", "berlin/cell-1", "berlin/sis"], incident.ZonePath);
        Assert.True(incident.TowardSafety);
        Assert.Equal(Severity.High, incident.Severity);
        Assert.EndsWith("; reached a safety zone or safety-related asset.", incident.Title, StringComparison.Ordinal);
    }

    public static readonly TheoryData<string, string, int, int> Separate = new()
    {
        // first asset, second asset, minutes apart, incidents
        { "hmi-1", "plc-2", 5, 2 },   // dmz and cell-2: no conduit
        { "hmi-1", "plc-1", 61, 2 },  // joined zones, outside the window
        { "plc-2", "plc-7", 5, 2 },   // same zone, different assets: nothing shared
        { "plc-2", "plc-2", 59, 1 },  // the same asset within the window
        { "hmi-1", "plc-1", 60, 1 },  // the window is inclusive
    };

    [Theory]
    [MemberData(nameof(Separate))]
    public void Detections_at_one_plant_join_only_through_an_asset_or_a_conduit_within_the_window(string first, string second, int minutes, int expected)
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.NewTalker, Severity.Low, T0, asset: first),
            Detection("berlin-2", Berlin, DetectionType.NewTalker, Severity.Low, T0.AddMinutes(minutes), asset: second));

        Assert.Equal(expected, incidents.Count);
    }

    [Fact]
    public void The_same_asset_id_at_two_plants_is_two_assets()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.RefusedWrite, Severity.High, T0, asset: "plc-1"),
            Detection("lyon-1", Lyon, DetectionType.RefusedWrite, Severity.High, T0.AddMinutes(1), asset: "plc-1"));

        Assert.Equal(2, incidents.Count);
    }

    [Fact]
    public void A_source_asset_is_shared_like_the_asset_concerned()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.Scanning, Severity.Medium, T0, asset: null) with { Source = A("plc-2") },
            Detection("berlin-2", Berlin, DetectionType.ChangeOutsideMaintenance, Severity.High, T0.AddMinutes(3), asset: "plc-2"));

        var incident = Assert.Single(incidents);
        Assert.Equal([A("plc-2")], incident.Assets);
    }

    [Fact]
    public void A_part_that_shares_an_identity_with_one_incident_and_an_asset_with_another_merges_them_into_the_older()
    {
        var open = new List<Incident>();
        var identity = Apply(open, Detection("berlin-1", Berlin, DetectionType.MfaFailureBurst, Severity.Medium, T0, identity: "jdoe"), "inc-1");
        var asset = Apply(open, Detection("berlin-2", Berlin, DetectionType.LinkSilent, Severity.Low, T0.AddMinutes(2), asset: "plc-2"), "inc-2");
        Assert.Equal(2, open.Count);

        var both = Detection("berlin-3", Berlin, DetectionType.RefusedWrite, Severity.High, T0.AddMinutes(4), asset: "plc-2", identity: "jdoe");
        var correlation = IncidentCorrelator.Correlate(open, both, Topology, Window, "inc-3");

        Assert.False(correlation.Opened);
        Assert.Equal("inc-1", correlation.Incident.Id);
        Assert.Equal(["berlin-1", "berlin-2", "berlin-3"], correlation.Incident.Parts.Select(p => p.Reference));
        var merged = Assert.Single(correlation.Merged);
        Assert.Equal(("inc-2", IncidentStatus.Closed, "inc-1"), (merged.Id, merged.Status, merged.MergedInto));
        Assert.Equal(Severity.High, correlation.Incident.Severity);
        _ = (identity, asset);
    }

    [Fact]
    public void A_merge_keeps_the_owner_and_the_investigation()
    {
        var open = new List<Incident>();
        Apply(open, Detection("berlin-1", Berlin, DetectionType.MfaFailureBurst, Severity.Medium, T0, identity: "jdoe"), "inc-1");
        var second = Apply(open, Detection("berlin-2", Berlin, DetectionType.LinkSilent, Severity.Low, T0.AddMinutes(2), asset: "plc-2"), "inc-2");
        open[1] = IncidentChanges.Assign(second, "alice", "alice", T0.AddMinutes(3));

        var correlation = IncidentCorrelator.Correlate(
            open, Detection("berlin-3", Berlin, DetectionType.RefusedWrite, Severity.High, T0.AddMinutes(4), asset: "plc-2", identity: "jdoe"), Topology, Window, "inc-3");

        Assert.Equal(("alice", IncidentStatus.Investigating), (correlation.Incident.Owner, correlation.Incident.Status));
    }

    [Fact]
    public void A_closed_incident_is_never_joined()
    {
        var open = new List<Incident>();
        var first = Apply(open, Detection("berlin-1", Berlin, DetectionType.Lockout, Severity.High, T0, identity: "jdoe"), "inc-1");
        open[0] = IncidentChanges.Close(first, "alice", "false positive: a new badge", T0.AddMinutes(1));

        var correlation = IncidentCorrelator.Correlate(
            open, Detection("berlin-2", Berlin, DetectionType.OffShiftAccess, Severity.Low, T0.AddMinutes(2), identity: "jdoe"), Topology, Window, "inc-2");

        Assert.True(correlation.Opened);
        Assert.Equal("inc-2", correlation.Incident.Id);
    }

    [Fact]
    public void A_detection_seen_again_updates_its_part_instead_of_adding_one()
    {
        var open = new List<Incident>();
        Apply(open, Detection("berlin-1", Berlin, DetectionType.OffShiftAccess, Severity.Low, T0, identity: "jdoe"), "inc-1");

        var again = Detection("berlin-1", Berlin, DetectionType.OffShiftAccess, Severity.Medium, T0, identity: "jdoe") with { Summary = "jdoe was allowed" };
        var correlation = IncidentCorrelator.Correlate(open, again, Topology, Window, "inc-2");

        var part = Assert.Single(correlation.Incident.Parts);
        Assert.Equal((Severity.Medium, "jdoe was allowed"), (part.Severity, part.Summary));
        Assert.Equal(Severity.Medium, correlation.Incident.Severity);
    }

    [Fact]
    public void A_quarantine_of_a_safety_related_asset_joins_its_detections_and_raises_the_incident()
    {
        var incidents = Run(
            Detection("berlin-1", Berlin, DetectionType.ChangeOutsideMaintenance, Severity.High, T0, asset: "plc-7"),
            new IncidentPart(IncidentPartKind.Quarantine, "q-1", Berlin, T0.AddMinutes(2), Severity.Medium, "plc-7 quarantined (restrict writes)") { Asset = A("plc-7") });

        var incident = Assert.Single(incidents);
        Assert.True(incident.TowardSafety);
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.Equal("Asset plc-7: change outside maintenance, quarantine at berlin; reached a safety zone or safety-related asset.", incident.Title);
    }

    [Fact]
    public void Parts_out_of_order_within_the_window_still_join_and_the_timeline_is_chronological()
    {
        var incidents = Run(
            Detection("lyon-1", Lyon, DetectionType.OffShiftAccess, Severity.Low, T0.AddMinutes(30), identity: "jdoe"),
            Detection("berlin-1", Berlin, DetectionType.Lockout, Severity.High, T0, identity: "jdoe"));

        var incident = Assert.Single(incidents);
        Assert.Equal(["berlin-1", "lyon-1"], incident.Parts.Select(p => p.Reference));
        Assert.Equal(T0, incident.Opened);
    }

    [Fact]
    public void Notes_and_response_steps_do_not_correlate()
    {
        var note = new IncidentPart(IncidentPartKind.Note, "comment:1", Berlin, T0, Severity.Low, "hello") { Actor = "alice" };

        Assert.Throws<ArgumentException>(() => IncidentCorrelator.Correlate([], note, Topology, Window, "inc-1"));
    }

    internal static IncidentPart Detection(
        string id, PlantId plant, DetectionType type, Severity severity, DateTimeOffset at, string? asset = null, string? identity = null) =>
        new(IncidentPartKind.Detection, id, plant, at, severity, $"{DetectionSpelling.Of(type)} {asset ?? identity}")
        {
            Type = type,
            Asset = asset is null ? null : A(asset),
            Identity = identity is null ? null : I(identity),
        };

    internal static List<Incident> Run(params IncidentPart[] parts)
    {
        var open = new List<Incident>();
        var n = 0;
        foreach (var part in parts)
        {
            Apply(open, part, $"inc-{++n}");
        }

        return open.Where(i => i.Status != IncidentStatus.Closed).ToList();
    }

    internal static Incident Apply(List<Incident> open, IncidentPart part, string newId)
    {
        var correlation = IncidentCorrelator.Correlate(open, part, Topology, Window, newId);
        foreach (var changed in correlation.Changed)
        {
            var at = open.FindIndex(i => i.Id == changed.Id);
            if (at < 0)
            {
                open.Add(changed);
            }
            else
            {
                open[at] = changed;
            }
        }

        return correlation.Incident;
    }

    private static AssetId A(string id) => AssetId.Parse(id);

    private static ZoneId Z(string id) => ZoneId.Parse(id);

    private static IdentityId I(string id) => IdentityId.Parse(id);
}
