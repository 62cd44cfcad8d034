using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>
/// Rulesets of an enforcement point's scope (several zones, quarantines, a Modbus proxy, conditional conduits), from
/// the line of <c>Cases/conditions-and-quarantines.yaml</c>.
/// </summary>
public sealed class ScopedRulesetTests
{
    private static readonly FlowCaseFile Cases = FlowCaseFile.Load("conditions-and-quarantines.yaml");
    private static readonly PlantSnapshot Line = Cases.Snapshot([.. Cases.Quarantines.Select(q => q.ToQuarantine())]);
    private static readonly ZoneId Cell = ZoneId.Parse("cell");

    [Fact]
    public void Quarantines_shrink_the_conduits_to_reads_and_the_quarantine_path()
    {
        var acl = JsonAcl.Build(RulesetScope.Of(Line, [Cell]));

        var reads = acl.Entries.Where(e => e.Conduit == "reads").ToList();
        var main = reads.Single(e => e.Restriction is null);
        Assert.Equal(["10.7.1.11", "10.7.1.14"], main.Destinations);

        // The write-restricted PLC stays readable by everyone the conduit admits, with read codes only.
        var restricted = reads.Single(e => e.Restriction == "restrict-writes");
        Assert.Equal(["10.7.1.11", "10.7.1.12", "10.7.1.14"], restricted.Destinations);
        Assert.Equal([1, 2, 3, 4], restricted.FunctionCodes);

        // The isolated PLC: only the forensics workstation, reads only.
        var path = reads.Single(e => e.Restriction == "quarantine-path");
        Assert.Equal(["10.7.3.50"], path.Sources);
        Assert.Equal(["10.7.1.13"], path.Destinations);

        // The write conduit leaves nothing to either quarantined PLC: writes are what quarantine takes away.
        var writes = acl.Entries.Single(e => e.Conduit == "grant-writes");
        Assert.DoesNotContain("10.7.1.12", writes.Destinations);
        Assert.DoesNotContain("10.7.1.13", writes.Destinations);
        Assert.DoesNotContain(acl.Entries, e => e.Conduit == "grant-writes" && e.Restriction is not null);
    }

    [Fact]
    public void Conditions_travel_in_the_acl_and_open_nothing_in_nftables_without_a_proxy()
    {
        var scope = RulesetScope.Of(Line, [Cell]);

        var writes = JsonAcl.Build(scope).Entries.Single(e => e.Conduit == "grant-writes");
        Assert.Equal((false, true), (writes.Conditions!.MaintenanceWindow, writes.Conditions.ActiveGrant));
        var nft = NftablesRuleset.Compile(scope);
        Assert.DoesNotContain("accept comment \"conduit:grant-writes\"", nft, StringComparison.Ordinal);
        Assert.Contains("# conduit:grant-writes (forward): conditional", nft, StringComparison.Ordinal);
        Assert.Contains("accept comment \"conduit:reads\"", nft, StringComparison.Ordinal);

        // What a quarantine leaves is reads only, which nftables cannot tell from writes: without a proxy it stays shut.
        Assert.DoesNotContain("accept comment \"conduit:reads restrict-writes\"", nft, StringComparison.Ordinal);
        Assert.DoesNotContain("accept comment \"conduit:reads quarantine-path\"", nft, StringComparison.Ordinal);
        Assert.Contains("# conduit:reads (forward, restrict-writes): reads only; opened only through a protocol proxy", nft, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_replies_ride_on_connection_tracking_and_the_proxy_takes_only_redirected_connections()
    {
        var lines = NftablesRuleset.Compile(RulesetScope.Of(Line, [Cell]), modbusProxyPort: 5020).Split('\n');

        Assert.Contains("    ct direction reply ct state established accept", lines);
        Assert.DoesNotContain(lines, l => l.Contains("ct state established,related accept", StringComparison.Ordinal));
        Assert.Contains("    tcp dport 5020 ct status dnat accept", lines);
        Assert.Contains("    tcp dport 5020 drop", lines);
        var plain = NftablesRuleset.Compile(RulesetScope.Of(Line, [Cell])).Split('\n');
        var firstRule = Array.FindIndex(plain, l => l.Contains(" accept comment \"conduit:", StringComparison.Ordinal));
        Assert.InRange(Array.IndexOf(plain, "    ct direction reply ct state established accept"), 0, firstRule - 1);
    }

    [SkippableFact]
    public void With_a_modbus_proxy_every_modbus_entry_is_redirected_to_it()
    {
        var nft = NftablesRuleset.Compile(RulesetScope.Of(Line, [Cell]), modbusProxyPort: 5020);
        var lines = nft.Split('\n');

        Assert.Contains("    type nat hook prerouting priority dstnat; policy accept;", lines);
        Assert.All(
            lines.Where(l => l.Contains("tcp dport 502 ", StringComparison.Ordinal)),
            l => Assert.Contains("redirect to :5020", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("redirect to :5020 comment \"conduit:grant-writes\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("redirect to :5020 comment \"conduit:reads quarantine-path\"", StringComparison.Ordinal));

        // S7 is not proxied here: its conditional conduit opens nothing.
        Assert.Contains("# conduit:window-downloads (forward): conditional", nft, StringComparison.Ordinal);
        NftablesRulesetTests.AssertNftAccepts(nft, "cell with a Modbus proxy");
    }

    [SkippableFact]
    public void A_point_bound_to_several_zones_gets_one_ruleset_and_an_unbound_one_the_whole_plant()
    {
        var both = RulesetScope.Of(Line, [ZoneId.Parse("sis"), Cell]);
        var all = RulesetScope.Of(Line, null);
        var none = RulesetScope.Of(Line, []);

        Assert.Equal(["cell", "sis"], both.Zones.Select(z => z.Value));
        Assert.Equal(["cell", "ops", "sis"], all.Zones.Select(z => z.Value));
        Assert.DoesNotContain(" accept comment", NftablesRuleset.Compile(none), StringComparison.Ordinal);
        var nft = NftablesRuleset.Compile(both);
        Assert.StartsWith("# ZtFleet ruleset: plant line-7, zones cell, sis, epoch 1.", nft, StringComparison.Ordinal);
        Assert.Contains("\"conduit:sis-reads\"", nft, StringComparison.Ordinal);
        NftablesRulesetTests.AssertNftAccepts(nft, "cell and sis");
        NftablesRulesetTests.AssertNftAccepts(NftablesRuleset.Compile(all), "the whole line");
        Assert.Throws<ArgumentException>(() => RulesetScope.Of(Line, [ZoneId.Parse("nowhere")]));
    }

    [Fact]
    public void The_ruleset_version_moves_with_segmentation_changes_only()
    {
        var identity = Line.Identities.First();
        var later = Line
            .Apply(new IdentityChanged(2, DateTimeOffset.UnixEpoch, identity with { Trust = 40 }, IdentityChangeReasons.Locked))
            .Apply(new ShiftBoundary(3, DateTimeOffset.UnixEpoch, "early", DateTimeOffset.UnixEpoch, true));

        Assert.Equal(NftablesRuleset.Compile(RulesetScope.Of(Line, [Cell])), NftablesRuleset.Compile(RulesetScope.Of(later, [Cell])));

        var lifted = later.Apply(new QuarantineChanged(4, DateTimeOffset.UnixEpoch, []));
        Assert.Equal(4, lifted.SegmentationEpoch);
        var text = NftablesRuleset.Compile(RulesetScope.Of(lifted, [Cell]));
        Assert.Contains("epoch 4.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quarantine-path", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_fail_closed_ruleset_forwards_nothing_and_passes_nft_check()
    {
        var text = NftablesRuleset.FailClosed(PlantId.Parse("line-7"), [Cell]);

        Assert.Contains("policy drop;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("accept", text, StringComparison.Ordinal);
        NftablesRulesetTests.AssertNftAccepts(text, "fail-closed");
    }

    [Fact]
    public void What_if_lists_the_declared_flows_a_change_would_turn()
    {
        var plant = Line.Definition with
        {
            Flows =
            [
                new FlowSpec(FlowId.Parse("hmi-polls-plc-4"), AssetId.Parse("hmi-1"), AssetId.Parse("plc-4"), Protocol.ModbusTcp, 502, "polling"),
                new FlowSpec(FlowId.Parse("scada-reads-sis"), AssetId.Parse("scada-1"), AssetId.Parse("sis-1"), Protocol.ModbusTcp, 502, "status"),
            ],
        };
        var before = Cases.Snapshot([], plant);

        // Proposed: the read conduit narrowed to the SCADA server; the SIS conduit widened to named reads.
        var proposed = plant with
        {
            Conduits = plant.Conduits.Select(c => c.Id.Value switch
            {
                "reads" => c with { FromAssetTypes = [AssetType.ScadaServer] },
                "sis-reads" => c with { Operations = ["fc3", "read"] },
                _ => c,
            }).ToList(),
        };
        var after = before.Apply(new PlantDefinitionChanged(2, DateTimeOffset.UnixEpoch, proposed, before.Roles, before.Policy));

        var impacts = SegmentationWhatIf.Compare(before, after, DateTimeOffset.Parse("2026-03-10T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var denied = Assert.Single(impacts, i => i.BecomesDenied);
        Assert.Equal(("hmi-polls-plc-4", "read", "conduit:reads"), (denied.Flow.Value, denied.Operation, denied.Before.RuleId));
        var allowed = Assert.Single(impacts, i => !i.BecomesDenied);
        Assert.Equal(("scada-reads-sis", "read", "conduit:sis-reads"), (allowed.Flow.Value, allowed.Operation, allowed.After.RuleId));
        Assert.Empty(SegmentationWhatIf.Compare(before.Definition, before.Definition, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void The_document_keeps_conditions_users_and_fail_modes_through_writing_and_reading()
    {
        var read = FleetDocumentReader.Read(Cases.Fleet);
        Assert.True(read.IsValid);
        var again = FleetDocumentReader.Read(FleetDocumentWriter.ToYaml(read.Document!));
        Assert.True(again.IsValid, string.Join("\n", again.Violations.Select(v => $"{v.Field}: {v.Description}")));

        var plant = again.Document!.Plants.Single();
        Assert.Equal((ZoneFailMode.Static, 240), (plant.Zones.Single(z => z.Id == Cell).FailMode, plant.Zones.Single(z => z.Id == Cell).FailStaticMinutes));
        Assert.Equal(IdentityId.Parse("tech-anna"), plant.Assets.Single(a => a.Id.Value == "hmi-1").UsedBy);
        Assert.Equal(["maintenance-engineer"], plant.Conduits.Single(c => c.Id.Value == "engineer-ssh").Conditions!.Roles);
        Assert.Empty(FleetDiff.Compute(read.Document!, again.Document!, prune: true));
    }

    [Theory]
    [InlineData("failMode: static, failStaticMinutes: 240", "failMode: static", "failStaticMinutes")]
    [InlineData("failMode: static, failStaticMinutes: 240", "failStaticMinutes: 30", "failStaticMinutes")]
    [InlineData("failMode: static, failStaticMinutes: 240", "failMode: sometimes", "failMode")]
    [InlineData("conditions: { roles: [maintenance-engineer] }", "conditions: { roles: [janitor] }", "conditions.roles[0]")]
    [InlineData("conditions: { activeGrant: true }", "conditions: { activeGrant: true, when: always }", "conditions.when")]
    [InlineData("usedBy: tech-anna", "usedBy: Not An Id", "usedBy")]
    [InlineData("operations: [fc3, fc6] }", "operations: [] }", "operations")]
    [InlineData("protocol: modbus-tcp, purpose: trip outputs, operations: [fc3, fc6] }", "protocol: https, port: 443, purpose: trip outputs }", "protocol")]
    [InlineData("operations: [read] }", "operations: [read, fc200] }", "operations[fc200]")]
    [InlineData("protocol: modbus-tcp, operations: [fc3] }", "protocol: modbus-tcp, operations: [read] }", "operations[read]")]
    public void Bad_conditions_users_and_fail_modes_are_violations_with_a_path(string good, string bad, string field)
    {
        var result = FleetDocumentReader.Read(Cases.Fleet.Replace(good, bad, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Field.Contains($".{field} (line", StringComparison.Ordinal));
    }
}
