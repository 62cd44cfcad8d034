using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

public sealed class CriticalityRankingTests
{
    private static readonly FleetDocument Fleet = FleetSamples.Document();
    private static readonly PlantSpec Berlin = Fleet.Plants[0];

    [Fact]
    public void Safety_and_exposure_put_the_safety_controller_first()
    {
        var ranking = CriticalityRanking.Rank(Berlin, Fleet.Identities);

        Assert.Equal(
            ["sis-1", "plc-press-1", "hmi-1", "mes-1", "jump-1", "ews-1", "erp-1"],
            ranking.Select(r => r.Asset.Id.Value));
        Assert.Equal(Enumerable.Range(1, 7), ranking.Select(r => r.Rank));
        Assert.All(ranking, r => Assert.Equal("berlin", r.Plant.Value));
        Assert.True(ranking.Zip(ranking.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Reasons_explain_the_score_in_sentences()
    {
        var ranking = CriticalityRanking.Rank(Berlin, Fleet.Identities);

        var sis = ranking.Single(r => r.Asset.Id.Value == "sis-1");
        Assert.Equal(new AssetExposure(4, 1, 3, 0), sis.Exposure);
        Assert.Equal(
            [
                "criticality 5 of 5",
                "safety-related",
                "reachable from 4 zones incl. enterprise-it zone ent-it via dmz, site-ops, cell-1",
                "1 conduit into sis reaches it: cell-1-to-sis",
                "3 identities assigned to plant berlin, 2 of them remote (1 contractor, 1 vendor technician)",
            ],
            sis.Reasons);

        var plc = ranking.Single(r => r.Asset.Id.Value == "plc-press-1");
        Assert.Equal(new AssetExposure(3, 2, 3, 1), plc.Exposure);
        Assert.Equal(
            [
                "criticality 5 of 5",
                "reachable from 3 zones incl. enterprise-it zone ent-it via dmz, site-ops",
                "2 conduits into cell-1 reach it: ews-to-cell-1, mes-to-cell-1",
                "3 identities assigned to plant berlin, 2 of them remote (1 contractor, 1 vendor technician)",
                "1 known vulnerability: CVE-2022-38465",
            ],
            plc.Reasons);
    }

    [Fact]
    public void Narrowing_limits_what_a_conduit_exposes()
    {
        var ranking = CriticalityRanking.Rank(Berlin, Fleet.Identities);

        // dmz-to-mes only admits MES servers: the engineering workstation next to it is not reachable.
        var ews = ranking.Single(r => r.Asset.Id.Value == "ews-1");
        Assert.Equal(0, ews.Exposure.ZonesReaching);
        Assert.Contains("not reachable from other zones", ews.Reasons);

        // ews-to-cell-1 only admits PLCs: the HMI is reached through mes-to-cell-1 alone.
        Assert.Equal(1, ranking.Single(r => r.Asset.Id.Value == "hmi-1").Exposure.ConduitsReaching);
    }

    [Fact]
    public void Direction_is_respected()
    {
        var zones = new[] { FleetSamples.Zone("a", ZoneKind.OtSupervisory, PurdueLevel.Level3), FleetSamples.Zone("b", ZoneKind.OtControl, PurdueLevel.Level1) };
        var assets = new[] { FleetSamples.Asset("a-1", "a"), FleetSamples.Asset("b-1", "b") };

        var oneWay = CriticalityRanking.Rank(FleetSamples.PlantOf(zones, assets, [FleetSamples.Conduit("a-to-b", "a", "b")]), []);
        var bothWays = CriticalityRanking.Rank(FleetSamples.PlantOf(zones, assets, [FleetSamples.Conduit("a-to-b", "a", "b", ConduitDirection.Bidirectional)]), []);

        Assert.Equal(0, oneWay.Single(r => r.Asset.Id.Value == "a-1").Exposure.ZonesReaching);
        Assert.Equal(1, oneWay.Single(r => r.Asset.Id.Value == "b-1").Exposure.ZonesReaching);
        Assert.Equal(1, bothWays.Single(r => r.Asset.Id.Value == "a-1").Exposure.ZonesReaching);
    }

    [Fact]
    public void Transit_needs_an_asset_admitted_on_both_conduits()
    {
        // a -> b lands on PLCs only; b -> c leaves from HMIs only: no path from a to c.
        var zones = new[]
        {
            FleetSamples.Zone("a", ZoneKind.OtSupervisory, PurdueLevel.Level3),
            FleetSamples.Zone("b", ZoneKind.OtControl, PurdueLevel.Level1),
            FleetSamples.Zone("c", ZoneKind.Safety, PurdueLevel.Level1),
        };
        var assets = new[] { FleetSamples.Asset("a-1", "a"), FleetSamples.Asset("plc-b", "b"), FleetSamples.Asset("hmi-b", "b", AssetType.Hmi), FleetSamples.Asset("c-1", "c") };
        var conduits = new[]
        {
            FleetSamples.Conduit("a-to-b", "a", "b", toTypes: [AssetType.Plc]),
            FleetSamples.Conduit("b-to-c", "b", "c", fromTypes: [AssetType.Hmi]),
        };

        var ranking = CriticalityRanking.Rank(FleetSamples.PlantOf(zones, assets, conduits), []);

        Assert.Equal(1, ranking.Single(r => r.Asset.Id.Value == "c-1").Exposure.ZonesReaching);
        Assert.Contains("reachable from 1 zone: b", ranking.Single(r => r.Asset.Id.Value == "c-1").Reasons);
    }

    [Fact]
    public void Ties_are_broken_by_criticality_then_id()
    {
        var zones = new[] { FleetSamples.Zone("a", ZoneKind.OtControl, PurdueLevel.Level1) };
        var assets = new[] { FleetSamples.Asset("b-2", "a"), FleetSamples.Asset("b-1", "a"), FleetSamples.Asset("a-9", "a") };

        var ranking = CriticalityRanking.Rank(FleetSamples.PlantOf(zones, assets), []);

        Assert.Equal(["a-9", "b-1", "b-2"], ranking.Select(r => r.Asset.Id.Value));
    }

    [Fact]
    public void Fleet_ranking_merges_plants_by_score_and_keeps_the_top()
    {
        var zones = new[] { FleetSamples.Zone("a", ZoneKind.OtControl, PurdueLevel.Level1) };
        var lyon = FleetSamples.PlantOf(zones, [FleetSamples.Asset("lyon-plc", "a", criticality: 4)], id: "lyon");

        var top = CriticalityRanking.RankFleet([(Berlin, Fleet.Identities), (lyon, [])], 3);

        Assert.Equal(["sis-1", "plc-press-1", "hmi-1"], top.Select(r => r.Asset.Id.Value));
        Assert.Equal([1, 2, 3], top.Select(r => r.Rank));

        var all = CriticalityRanking.RankFleet([(lyon, []), (Berlin, Fleet.Identities)], 100);
        Assert.Equal(8, all.Count);
        Assert.Contains(all, r => r.Plant == PlantId.Parse("lyon"));
    }

    [Fact]
    public void Known_vulnerabilities_from_advisories_raise_the_rank_by_their_cvss_and_say_so()
    {
        // Three equal assets; one known vulnerability (CVSS 9.8) on b-1, an unrated one on a-9 (another plant's ignored).
        var zones = new[] { FleetSamples.Zone("a", ZoneKind.OtControl, PurdueLevel.Level1) };
        var assets = new[] { FleetSamples.Asset("b-2", "a"), FleetSamples.Asset("b-1", "a"), FleetSamples.Asset("a-9", "a") };
        var plant = FleetSamples.PlantOf(zones, assets);
        var published = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
        ZtFleet.Policy.Vulnerabilities.KnownVulnerability Known(string plantId, string asset, string cve, double? cvss) =>
            new(PlantId.Parse(plantId), AssetId.Parse(asset), cve, "SSA-412345", "Siemens ProductCERT", cvss, "SIMATIC S7-1500", null, published);

        var ranking = CriticalityRanking.Rank(plant, [], [
            Known(plant.Id.Value, "b-1", "CVE-2026-41001", 9.8),
            Known(plant.Id.Value, "a-9", "CVE-2026-41003", null),
            Known("elsewhere", "b-2", "CVE-2026-41001", 9.8),
        ]);

        Assert.Equal(["b-1", "a-9", "b-2"], ranking.Select(r => r.Asset.Id.Value));
        var top = ranking[0];
        Assert.Equal(1, top.Exposure.KnownVulnerabilities);
        Assert.Equal(
            ["1 known vulnerability: CVE-2026-41001", "1 vulnerability from vendor advisories: CVE-2026-41001 (CVSS 9.8, SSA-412345); the highest CVSS 9.8 raises the score"],
            top.Reasons.TakeLast(2));
        Assert.Contains("1 vulnerability from vendor advisories: CVE-2026-41003 (no CVSS, SSA-412345)", ranking[1].Reasons);
        Assert.True(top.Score > ranking[1].Score && ranking[1].Score > ranking[2].Score);
    }
}
