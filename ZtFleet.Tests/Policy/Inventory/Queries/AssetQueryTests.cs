using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

public sealed class AssetQueryTests
{
    private static readonly PlantSpec Berlin = FleetSamples.Plant();

    public static TheoryData<AssetFilter, string[]> Cases => new()
    {
        { new AssetFilter(), ["erp-1", "jump-1", "mes-1", "ews-1", "hmi-1", "plc-press-1", "sis-1"] },
        { new AssetFilter(Zone: "cell-1"), ["hmi-1", "plc-press-1"] },
        { new AssetFilter(Zone: "Not An Id"), [] },
        { new AssetFilter(Type: AssetType.Plc), ["plc-press-1"] },
        { new AssetFilter(MinCriticality: 4), ["ews-1", "plc-press-1", "sis-1"] },
        { new AssetFilter(PurdueLevel: PurdueLevel.Level1), ["hmi-1", "plc-press-1", "sis-1"] },
        { new AssetFilter(PurdueLevel: PurdueLevel.Level3_5), ["jump-1"] },
        { new AssetFilter(SafetyRelated: true), ["sis-1"] },
        { new AssetFilter(Text: "siemens"), ["plc-press-1"] },
        { new AssetFilter(Text: "cve-2022"), ["plc-press-1"] },
        { new AssetFilter(Text: "00:1b:1b"), ["plc-press-1"] },
        { new AssetFilter(Text: "10.3.0."), ["mes-1", "ews-1"] },
        { new AssetFilter(Text: "CONTROLS-eng"), ["ews-1", "plc-press-1"] },
        { new AssetFilter(Text: "HMI"), ["hmi-1"] },
        { new AssetFilter(Zone: "cell-1", MinCriticality: 4, Text: "press"), ["plc-press-1"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_keeps_the_assets_matching_every_criterion(AssetFilter filter, string[] expected)
    {
        Assert.Equal(expected, AssetQuery.Filter(Berlin, filter).Select(a => a.Id.Value));
    }
}
