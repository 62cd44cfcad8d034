using System.Text.Json;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>JSON ACLs compiled from the press shop's conduits: the same boundary as nftables, with the operations.</summary>
public sealed class JsonAclTests
{
    private static readonly PlantSpec PressShop = FlowCaseFile.Load("press-shop-flows.yaml").PlantSpec();

    [Fact]
    public void Cell_a_lists_its_conduits_per_direction_with_addresses_ports_and_operations()
    {
        using var json = JsonDocument.Parse(JsonAcl.Compile(PressShop, ZoneId.Parse("cell-a"), 42));
        var root = json.RootElement;

        Assert.Equal(
            ["format", "plant", "zones", "epoch", "defaultAction", "entries", "notOpened"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ztfleet-acl/1", "press-shop", "cell-a", 42L, "deny"), (
            root.GetProperty("format").GetString(), root.GetProperty("plant").GetString(), root.GetProperty("zones")[0].GetString(),
            root.GetProperty("epoch").GetInt64(), root.GetProperty("defaultAction").GetString()));
        Assert.Empty(root.GetProperty("notOpened").EnumerateArray());

        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            ["cell-interlock:forward", "cell-interlock:reverse", "ews-programs-a:forward", "mes-reads-a1:forward", "scada-fc:forward"],
            entries.Select(e => $"{e.GetProperty("conduit").GetString()}:{e.GetProperty("direction").GetString()}"));
        Assert.Equal(
            ["conduit", "direction", "sourceZone", "destinationZone", "sources", "destinations", "protocol", "transport", "port", "operations", "allOperations", "functionCodes", "restriction", "conditions"],
            entries[0].EnumerateObject().Select(p => p.Name));

        // Read expands to function codes 1-4; single codes stay themselves.
        var mes = entries.Single(e => e.GetProperty("conduit").GetString() == "mes-reads-a1");
        Assert.Equal(("ops", "cell-a", "modbus-tcp", "tcp", 502, false), (
            mes.GetProperty("sourceZone").GetString(), mes.GetProperty("destinationZone").GetString(), mes.GetProperty("protocol").GetString(),
            mes.GetProperty("transport").GetString(), mes.GetProperty("port").GetInt32(), mes.GetProperty("allOperations").GetBoolean()));
        Assert.Equal(["10.0.30.10"], Strings(mes, "sources"));
        Assert.Equal(["read"], Strings(mes, "operations"));
        Assert.Equal([1, 2, 3, 4], mes.GetProperty("functionCodes").EnumerateArray().Select(c => c.GetInt32()));
        var scada = entries.Single(e => e.GetProperty("conduit").GetString() == "scada-fc");
        Assert.Equal([3, 6], scada.GetProperty("functionCodes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(["10.0.21.11", "10.0.21.12", "10.0.21.20"], Strings(scada, "destinations"));

        // S7 lists its operations as the conduit does, with no function codes.
        var ews = entries.Single(e => e.GetProperty("conduit").GetString() == "ews-programs-a");
        Assert.Equal(["read", "write", "download"], Strings(ews, "operations"));
        Assert.Empty(ews.GetProperty("functionCodes").EnumerateArray());

        // The reverse of the bidirectional interlock: from cell-b's PLC to cell-a's PLCs.
        var reverse = entries[1];
        Assert.Equal(("cell-b", "cell-a"), (reverse.GetProperty("sourceZone").GetString(), reverse.GetProperty("destinationZone").GetString()));
        Assert.Equal(["10.0.22.11"], Strings(reverse, "sources"));
        Assert.Equal(["10.0.21.11", "10.0.21.12"], Strings(reverse, "destinations"));
    }

    [Fact]
    public void A_conduit_narrowed_to_named_assets_lists_only_their_addresses()
    {
        var acl = JsonAcl.Build(RulesetScope.Of(PressShop, ZoneId.Parse("cell-a"), 1));

        var mes = Assert.Single(acl.Entries, e => e.Conduit == "mes-reads-a1");
        Assert.Equal(["10.0.21.11"], mes.Destinations);
        var ews = Assert.Single(acl.Entries, e => e.Conduit == "ews-programs-a");
        Assert.Equal(["10.0.30.20"], ews.Sources);
    }

    [Fact]
    public void An_it_protocol_allows_the_whole_protocol_on_its_transport()
    {
        var acl = JsonAcl.Build(RulesetScope.Of(PressShop, ZoneId.Parse("dmz"), 1));

        var https = Assert.Single(acl.Entries, e => e.Conduit == "it-to-dmz");
        Assert.Equal(("https", "tcp", 443, true), (https.Protocol, https.Transport, https.Port, https.AllOperations));
        Assert.Empty(https.Operations);
        Assert.Equal(["10.0.0.10"], https.Sources);
        Assert.Equal(["10.0.35.10"], https.Destinations);
    }

    [Fact]
    public void Into_a_safety_zone_only_what_is_listed_explicitly()
    {
        var acl = JsonAcl.Build(RulesetScope.Of(PressShop, ZoneId.Parse("sis"), 1));

        // Modbus into the SIS by function code (the validator refuses groups there); a whole IT protocol never enters.
        var reads = Assert.Single(acl.Entries, e => e.Conduit == "ews-reads-sis");
        Assert.Equal([1, 2, 3, 4], reads.FunctionCodes);
        Assert.DoesNotContain(acl.Entries, e => e.Conduit == "sis-web");

        // The bidirectional status conduit: out of the SIS as listed, nothing back into it.
        var status = Assert.Single(acl.Entries, e => e.Conduit == "sis-status");
        Assert.Equal("forward", status.Direction);
        Assert.Equal(["read", "subscribe"], status.Operations);
        Assert.Equal(["sis-status:reverse", "sis-web:forward"], acl.NotOpened.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_plant_zone_and_epoch_give_the_same_text_and_the_epoch_versions_it()
    {
        var zone = ZoneId.Parse("ops");

        Assert.Equal(JsonAcl.Compile(PressShop, zone, 7), JsonAcl.Compile(PressShop, zone, 7));
        Assert.NotEqual(JsonAcl.Compile(PressShop, zone, 7), JsonAcl.Compile(PressShop, zone, 8));

        // Conduit order in the document does not change the text.
        var reordered = PressShop with { Conduits = PressShop.Conduits.Reverse().ToList() };
        Assert.Equal(JsonAcl.Compile(PressShop, zone, 7), JsonAcl.Compile(reordered, zone, 7));
    }

    [Fact]
    public void The_acl_opens_what_the_nftables_ruleset_opens()
    {
        foreach (var zone in PressShop.Zones.Select(z => z.Id))
        {
            var nft = NftablesRuleset.Compile(PressShop, zone, 1);
            var acl = JsonAcl.Build(RulesetScope.Of(PressShop, zone, 1));

            var rules = nft.Split('\n').Count(l => l.Contains(" accept comment \"conduit:", StringComparison.Ordinal));
            Assert.Equal(rules, acl.Entries.Count);
            Assert.All(acl.Entries, e => Assert.Contains($"\"conduit:{e.Conduit}\"", nft, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_conduit_without_addresses_on_one_side_is_listed_as_not_opened()
    {
        var plant = PressShop with { Assets = PressShop.Assets.Select(a => a.Id.Value == "erp-1" ? a with { Ip = null } : a).ToList() };

        var acl = JsonAcl.Build(RulesetScope.Of(plant, ZoneId.Parse("dmz"), 1));

        Assert.DoesNotContain(acl.Entries, e => e.Conduit == "it-to-dmz");
        Assert.Equal(["it-to-dmz:forward"], acl.NotOpened);
    }

    [Fact]
    public void An_unknown_zone_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => JsonAcl.Compile(PressShop, ZoneId.Parse("nowhere"), 1));
    }

    private static IEnumerable<string?> Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString());
}
