using ZtFleet.Policy.Authorization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Cacao;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>The small rules around playbooks: scope and safety, who reads which playbook, when one changed.</summary>
public sealed class PlaybookRulesTests
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");

    [Theory]
    [InlineData(AssetType.Plc, false, ZoneKind.OtControl, false)]
    [InlineData(AssetType.Plc, true, ZoneKind.OtControl, true)]
    [InlineData(AssetType.SafetyController, false, ZoneKind.OtControl, true)]
    [InlineData(AssetType.Sensor, false, ZoneKind.Safety, true)]
    public void An_asset_counts_as_safety_when_marked_typed_or_zoned_so(AssetType type, bool safetyRelated, ZoneKind kind, bool safety)
    {
        var asset = FleetSamples.Asset("a-1", "z-1", type) with { SafetyRelated = safetyRelated };
        var zone = FleetSamples.Zone("z-1", kind, PurdueLevel.Level1);

        Assert.Equal(safety, PlaybookScope.IsSafety(zone, asset));
    }

    [Theory]
    [InlineData(new string[0], new ZoneKind[0], new AssetType[0], true)]
    [InlineData(new[] { "berlin" }, new[] { ZoneKind.OtControl }, new[] { AssetType.Plc }, true)]
    [InlineData(new[] { "austin" }, new ZoneKind[0], new AssetType[0], false)]
    [InlineData(new string[0], new[] { ZoneKind.Safety }, new AssetType[0], false)]
    [InlineData(new string[0], new ZoneKind[0], new[] { AssetType.Hmi }, false)]
    public void Every_non_empty_scope_list_must_admit_the_asset(string[] plants, ZoneKind[] kinds, AssetType[] types, bool admitted)
    {
        var trigger = new PlaybookTrigger([DetectionType.RefusedWrite], Severity.High) { Plants = plants, ZoneKinds = kinds, AssetTypes = types };
        var zone = FleetSamples.Zone("cell-1", ZoneKind.OtControl, PurdueLevel.Level1);

        Assert.Equal(admitted, PlaybookScope.AdmitsAsset(trigger, Berlin, zone, FleetSamples.Asset("plc-1", "cell-1")));
    }

    [Fact]
    public void Fleet_roles_read_every_playbook_plant_admins_those_of_their_plants_cut_to_them_approvers_none()
    {
        var both = Playbook("both", ["berlin", "austin"]);
        var austin = Playbook("austin-only", ["austin"]);
        var everywhere = Playbook("everywhere", []);
        var settings = new ResponseSettings([both, austin, everywhere], TimeSpan.FromHours(1), 10);

        var auditor = PlaybookVisibility.Visible(new Principal("a", Role.Auditor, new HashSet<PlantId>()), settings);
        var plantAdmin = PlaybookVisibility.Visible(new Principal("p", Role.PlantAdmin, new HashSet<PlantId> { Berlin }), settings);
        var approver = PlaybookVisibility.Visible(new Principal("x", Role.Approver, new HashSet<PlantId> { Berlin }), settings);

        Assert.Equal(["both", "austin-only", "everywhere"], auditor.Playbooks.Select(p => p.Id));
        Assert.Equal(["both", "everywhere"], plantAdmin.Playbooks.Select(p => p.Id));
        Assert.Equal(["berlin"], plantAdmin.Playbooks[0].Trigger.Plants);
        Assert.Empty(approver.Playbooks);
    }

    [Fact]
    public void A_stamp_is_made_when_a_playbook_is_added_moved_when_it_changes_and_dropped_when_it_goes()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var t1 = t0.AddHours(1);
        var a = Playbook("a", []);
        var b = Playbook("b", []);
        var first = new ResponseSettings([a, b], TimeSpan.FromHours(1), 10);
        var second = new ResponseSettings([a, Playbook("b", ["berlin"]), Playbook("c", [])], TimeSpan.FromHours(1), 10);

        var stamps = PlaybookStamps.Update([], ResponseSettings.Default, first, t0);
        var next = PlaybookStamps.Update(stamps, first, second, t1);
        var gone = PlaybookStamps.Update(next, second, ResponseSettings.Default, t1.AddHours(1));

        Assert.Equal([new PlaybookStamp("a", t0, t0), new PlaybookStamp("b", t0, t0)], stamps);
        Assert.Equal([new PlaybookStamp("a", t0, t0), new PlaybookStamp("b", t0, t1), new PlaybookStamp("c", t1, t1)], next);
        Assert.Empty(gone);
    }

    private static Playbook Playbook(string id, IReadOnlyList<string> plants) =>
        new(id, new PlaybookTrigger([DetectionType.RefusedWrite], Severity.High) { Plants = plants }, [new PlaybookStep(PlaybookStepKind.Alert, 0, PlaybookMode.Auto, null)]);
}
