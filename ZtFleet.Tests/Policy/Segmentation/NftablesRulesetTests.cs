using System.Diagnostics;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>Rulesets compiled from the press shop's conduits, and checked by Debian's <c>nft</c> (skipped with the reason where it cannot run, outside CI).</summary>
public sealed class NftablesRulesetTests
{
    private static readonly PlantSpec PressShop = FlowCaseFile.Load("press-shop-flows.yaml").PlantSpec();

    public static TheoryData<string> Zones()
    {
        var data = new TheoryData<string>();
        foreach (var zone in PressShop.Zones)
        {
            data.Add(zone.Id.Value);
        }

        return data;
    }

    [Fact]
    public void Cell_a_opens_only_its_conduits_between_the_admitted_addresses()
    {
        var ruleset = NftablesRuleset.Compile(PressShop, ZoneId.Parse("cell-a"), 42);
        var lines = ruleset.Split('\n');

        Assert.StartsWith("# ZtFleet ruleset: plant press-shop, zones cell-a, epoch 42.", ruleset, StringComparison.Ordinal);
        Assert.Contains("    type filter hook forward priority filter; policy drop;", lines);

        // mes-reads-a1: MES to plc-a1 only, Modbus port; the operation (read) is the proxy's business.
        var mes = Assert.Single(lines, l => l.Contains("\"conduit:mes-reads-a1\"", StringComparison.Ordinal));
        Assert.Contains("tcp dport 502 accept", mes, StringComparison.Ordinal);
        var set = mes.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2].TrimStart('@');
        Assert.Contains($"  set {set} {{ type ipv4_addr; elements = {{ 10.0.30.10 }} }}", lines);
        Assert.Contains($"  set {set.Replace("_src_", "_dst_", StringComparison.Ordinal)} {{ type ipv4_addr; elements = {{ 10.0.21.11 }} }}", lines);

        // The bidirectional interlock opens both ways; conduits of other zones are not here.
        Assert.Equal(2, lines.Count(l => l.Contains("\"conduit:cell-interlock\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("conduit:it-to-dmz", StringComparison.Ordinal) || l.Contains("conduit:ews-reads-sis", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_plant_zone_and_epoch_give_the_same_text_and_the_epoch_versions_it()
    {
        var zone = ZoneId.Parse("ops");

        Assert.Equal(NftablesRuleset.Compile(PressShop, zone, 7), NftablesRuleset.Compile(PressShop, zone, 7));
        Assert.NotEqual(NftablesRuleset.Compile(PressShop, zone, 7), NftablesRuleset.Compile(PressShop, zone, 8));
    }

    [Fact]
    public void A_conduit_without_addresses_on_one_side_opens_nothing()
    {
        var plant = PressShop with { Assets = PressShop.Assets.Select(a => a.Id.Value == "erp-1" ? a with { Ip = null } : a).ToList() };

        var ruleset = NftablesRuleset.Compile(plant, ZoneId.Parse("dmz"), 1);

        Assert.DoesNotContain("accept comment \"conduit:it-to-dmz\"", ruleset, StringComparison.Ordinal);
        Assert.Contains("# conduit:it-to-dmz (forward): no address on one side, or nothing it may carry into a safety zone; nothing opened.", ruleset, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_zone_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => NftablesRuleset.Compile(PressShop, ZoneId.Parse("nowhere"), 1));
    }

    [SkippableTheory]
    [MemberData(nameof(Zones))]
    public void Every_zone_ruleset_passes_nft_check(string zone) =>
        AssertNftAccepts(NftablesRuleset.Compile(PressShop, ZoneId.Parse(zone), 42), zone);

    [SkippableFact]
    public void An_ipv6_plant_ruleset_passes_nft_check()
    {
        // Every other asset moves to IPv6, so conduits get both families, and some only one.
        var plant = PressShop with
        {
            Assets = PressShop.Assets.Select((a, i) => i % 2 == 0 && a.Ip is { } ip ? a with { Ip = "fd00::" + ip.Replace('.', ':') } : a).ToList(),
        };

        var ruleset = NftablesRuleset.Compile(plant, ZoneId.Parse("cell-a"), 3);

        Assert.Contains("type ipv6_addr", ruleset, StringComparison.Ordinal);
        AssertNftAccepts(ruleset, "cell-a (IPv6)");
    }

    /// <summary>
    /// <c>nft --check</c> parses and validates the ruleset in the kernel without applying it; it needs root
    /// (CAP_NET_ADMIN). Where nft is missing or may not run the calling test is skipped with the reason (a
    /// <c>[SkippableFact]</c>); in CI, which installs nft and runs as root, it fails instead.
    /// </summary>
    internal static void AssertNftAccepts(string ruleset, string zone)
    {
        var nft = HostPrerequisite.FindProgram("nft");
        HostPrerequisite.Require(nft is null ? "nft is not installed (Debian's nftables; .ci/run installs it)" : null);
        var file = Path.Combine(Path.GetTempPath(), $"ztfleet-{Guid.NewGuid():N}.nft");
        try
        {
            File.WriteAllText(file, ruleset);
            using var process = Process.Start(new ProcessStartInfo(nft!, ["--check", "-f", file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && error.Contains("Operation not permitted", StringComparison.Ordinal))
            {
                HostPrerequisite.Require("nft --check needs root (CAP_NET_ADMIN); run the tests as root");
            }

            Assert.True(process.ExitCode == 0, $"nft --check failed for zone {zone}:\n{error}\n{ruleset}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
