using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response;

/// <summary><c>neverAuto</c> as an asset CSV column: exported, imported, and kept when a re-import has no such column.</summary>
public sealed class NeverAutoCsvTests
{
    [Fact]
    public void The_column_is_exported_and_read_back()
    {
        var plant = FleetSamples.Plant();
        var marked = plant.Assets.Select(a => a.Id.Value == "plc-press-1" ? a with { NeverAuto = true } : a).ToList();

        var csv = AssetCsvWriter.ToCsv(marked);
        var read = AssetCsvReader.Read(csv, AssetCsvMapping.Default, plant);

        Assert.Empty(read.Violations);
        Assert.True(read.Assets.Single(a => a.Id.Value == "plc-press-1").NeverAuto);
        Assert.False(read.Assets.Single(a => a.Id.Value == "hmi-1").NeverAuto);
    }

    [Fact]
    public void A_re_import_without_the_column_keeps_the_mark_and_the_user_of_the_asset()
    {
        var plant = FleetSamples.Plant();
        plant = plant with
        {
            Assets = plant.Assets.Select(a => a.Id.Value == "plc-press-1" ? a with { NeverAuto = true, UsedBy = ZtFleet.Policy.Identifiers.IdentityId.Parse("jdoe") } : a).ToList(),
        };

        var read = AssetCsvReader.Read("id,firmware\nplc-press-1,V3.0.0\n", AssetCsvMapping.Default, plant);

        var asset = Assert.Single(read.Assets);
        Assert.True(asset.NeverAuto);
        Assert.Equal("jdoe", asset.UsedBy?.Value);
        Assert.Equal("V3.0.0", asset.Firmware);
    }

    [Fact]
    public void A_value_that_is_not_a_boolean_is_a_violation_of_the_column()
    {
        var read = AssetCsvReader.Read("id,neverAuto\nplc-press-1,maybe\n", AssetCsvMapping.Default, FleetSamples.Plant());

        Assert.Contains(read.Violations, v => v.Field.Contains("neverAuto", StringComparison.Ordinal));
    }
}
