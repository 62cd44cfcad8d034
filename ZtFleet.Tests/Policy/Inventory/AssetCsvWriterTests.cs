using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>An asset export in CSV imports back unchanged.</summary>
public sealed class AssetCsvWriterTests
{
    [Fact]
    public void Written_assets_read_back_as_the_same_assets()
    {
        var plant = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 10, assetsPerPlant: 200, identities: 0, seed: 3).Plants[0];
        var assets = plant.Assets.Select(a => a with { UsedBy = null }).ToList();
        assets[0] = assets[0] with { Name = "Press \"A\", line 1", Owner = null, Vulnerabilities = ["CVE-2024-0001", "CVE-2024-0002"] };

        var read = AssetCsvReader.Read(AssetCsvWriter.ToCsv(assets), AssetCsvMapping.Default, plant with { Assets = [] });

        Assert.Empty(read.Violations);
        Assert.Equal(
            assets.Select(a => FleetDocumentWriter.ToYaml(new FleetDocument("x", [plant with { Assets = [a] }], []))),
            read.Assets.Select(a => FleetDocumentWriter.ToYaml(new FleetDocument("x", [plant with { Assets = [a] }], []))));
    }
}
