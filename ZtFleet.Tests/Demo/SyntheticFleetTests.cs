using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Demo;

/// <summary>The benchmark's fleet generator: valid at every size it accepts, and the same fleet for the same seed.</summary>
public sealed class SyntheticFleetTests
{
    [Theory]
    [InlineData(3, 10, 500, 100)]
    [InlineData(1, SyntheticFleet.MinZonesPerPlant, 2 * SyntheticFleet.MinZonesPerPlant, 0)]
    [InlineData(2, 50, 2_000, 300)]
    public void Generated_fleet_validates_without_violations(int plants, int zones, int assets, int identities)
    {
        var fleet = SyntheticFleet.Generate(plants, zones, assets, identities, seed: 7);

        Assert.Empty(FleetDocumentValidator.Validate(fleet));
    }

    [Fact]
    public void Generated_fleet_has_the_requested_sizes()
    {
        var fleet = SyntheticFleet.Generate(plants: 3, zonesPerPlant: 10, assetsPerPlant: 500, identities: 100, seed: 7);

        Assert.Equal(3, fleet.Plants.Count);
        Assert.Equal(100, fleet.Identities.Count);
        Assert.All(fleet.Plants, plant =>
        {
            Assert.Equal(10, plant.Zones.Count);
            Assert.Equal(500, plant.Assets.Count);
            Assert.InRange(plant.Conduits.Count, 3 * 10, 4 * 10);
            Assert.Equal(500 / 20, plant.Flows.Count);
            Assert.Equal(plant.Assets.Count(a => a.Ip is not null), plant.Assets.Select(a => a.Ip).OfType<string>().Distinct().Count());
            Assert.Equal(plant.Assets.Count(a => a.Mac is not null), plant.Assets.Select(a => a.Mac).OfType<string>().Distinct().Count());
        });
        Assert.Equal(3, fleet.Plants.Select(p => p.TimeZone).Distinct().Count());
        Assert.Contains(fleet.Identities, i => i.Assignments.Count == 2);
    }

    [Fact]
    public void Generated_conduits_join_enterprise_it_only_to_the_dmz()
    {
        var plant = SyntheticFleet.Generate(1, 12, 1_000, 0, seed: 7).Plants[0];
        var it = plant.Zones.Where(z => z.Kind == ZoneKind.EnterpriseIt).Select(z => z.Id).ToHashSet();
        var dmz = plant.Zones.Where(z => z.Kind == ZoneKind.Dmz).Select(z => z.Id).ToHashSet();

        Assert.All(
            plant.Conduits.Where(c => it.Contains(c.From) || it.Contains(c.To)),
            c => Assert.True(dmz.Contains(c.From) || dmz.Contains(c.To), $"{c.Id} joins IT to a zone other than the DMZ"));
    }

    [Fact]
    public void Generation_is_deterministic_for_a_seed()
    {
        var first = FleetDocumentWriter.ToYaml(SyntheticFleet.Generate(3, 10, 500, 100, seed: 42));
        var second = FleetDocumentWriter.ToYaml(SyntheticFleet.Generate(3, 10, 500, 100, seed: 42));
        var other = FleetDocumentWriter.ToYaml(SyntheticFleet.Generate(3, 10, 500, 100, seed: 43));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Generated_yaml_reads_back_without_violations()
    {
        var yaml = FleetDocumentWriter.ToYaml(SyntheticFleet.Generate(2, 8, 200, 50, seed: 3));

        var result = FleetDocumentReader.Read(yaml);

        Assert.Empty(result.Violations);
        Assert.Equal(yaml, FleetDocumentWriter.ToYaml(result.Document!));
    }

    [Fact]
    public void Sizes_the_zone_model_cannot_hold_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(1, SyntheticFleet.MinZonesPerPlant - 1, 100, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(1, 10, 19, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(0, 10, 100, 0, 1));
    }
}
