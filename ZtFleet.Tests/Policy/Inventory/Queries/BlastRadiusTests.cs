using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

public sealed class BlastRadiusTests
{
    private static readonly PlantSpec Berlin = FleetSamples.Plant();

    [Fact]
    public void Engineering_workstation_reaches_plcs_through_its_named_conduit_then_the_safety_zone()
    {
        var result = BlastRadius.Compute(Berlin, AssetId.Parse("ews-1"));

        Assert.Equal("ews-1", result.Origin.Value);
        Assert.Equal(
            [
                ("plc-press-1", 1, "conduit:ews-to-cell-1"),
                ("sis-1", 2, "conduit:ews-to-cell-1 conduit:cell-1-to-sis"),
            ],
            result.Reached.Select(r => (r.Asset.Value, r.Hops, string.Join(' ', r.Path))));
        Assert.Equal(["cell-1", "sis"], result.ZonesReached.Select(z => z.Value));
    }

    [Fact]
    public void Inside_a_zone_only_declared_flows_count()
    {
        var result = BlastRadius.Compute(Berlin, AssetId.Parse("hmi-1"));

        // The HMI may not use cell-1-to-sis itself (PLCs only), but its declared flow reaches the PLC, which may.
        Assert.Equal(
            [
                ("plc-press-1", 1, "flow:hmi-polls-press-1"),
                ("sis-1", 2, "flow:hmi-polls-press-1 conduit:cell-1-to-sis"),
            ],
            result.Reached.Select(r => (r.Asset.Value, r.Hops, string.Join(' ', r.Path))));
    }

    [Fact]
    public void From_enterprise_it_the_path_crosses_every_zone_by_fewest_hops()
    {
        var result = BlastRadius.Compute(Berlin, AssetId.Parse("erp-1"));

        Assert.Equal(
            [("jump-1", 1), ("mes-1", 2), ("hmi-1", 3), ("plc-press-1", 3), ("sis-1", 4)],
            result.Reached.Select(r => (r.Asset.Value, r.Hops)));
        Assert.Equal(
            ["conduit:erp-to-dmz", "conduit:dmz-to-mes", "conduit:mes-to-cell-1", "conduit:cell-1-to-sis"],
            result.Reached.Single(r => r.Asset.Value == "sis-1").Path);
        Assert.Equal(["dmz", "site-ops", "cell-1", "sis"], result.ZonesReached.Select(z => z.Value));
    }

    [Fact]
    public void A_from_to_conduit_cannot_be_initiated_from_its_to_side()
    {
        Assert.Empty(BlastRadius.Compute(Berlin, AssetId.Parse("sis-1")).Reached);
    }

    [Fact]
    public void A_bidirectional_conduit_can_be_initiated_from_either_side_within_its_narrowing()
    {
        var conduits = Berlin.Conduits
            .Select(c => c.Id.Value == "cell-1-to-sis" ? c with { Direction = ConduitDirection.Bidirectional } : c)
            .ToList();

        var result = BlastRadius.Compute(Berlin with { Conduits = conduits }, AssetId.Parse("sis-1"));

        // The far side admits PLCs only: the HMI in cell-1 stays out of reach.
        Assert.Equal([("plc-press-1", "conduit:cell-1-to-sis")], result.Reached.Select(r => (r.Asset.Value, r.Path.Single())));
    }

    [Fact]
    public void Asset_not_admitted_by_any_source_side_reaches_nothing_across_zones()
    {
        // jump-1 may reach only MES servers in site-ops; mes-1 then opens mes-to-cell-1.
        var result = BlastRadius.Compute(Berlin, AssetId.Parse("jump-1"));

        Assert.DoesNotContain(result.Reached, r => r.Asset.Value == "ews-1");
        Assert.Contains(result.Reached, r => r.Asset.Value == "mes-1" && r.Hops == 1);
    }

    [Fact]
    public void Unknown_asset_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => BlastRadius.Compute(Berlin, AssetId.Parse("nope")));
    }
}
