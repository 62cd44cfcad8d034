using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains;

/// <summary>Shift boundaries become deltas, so enforcement points drop sessions at once, even if nobody asks.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ShiftBoundaryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_night_shift_start_and_its_end_after_the_grace_become_deltas()
    {
        var plant = PlantId.Parse("berlin-shifts");
        var document = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;
        var berlin = document.Plants.Single(p => p.Id.Value == "berlin") with { Id = plant };
        await fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet)
            .ApplyAsync(document with { Plants = [berlin], Identities = [] }, new FleetApplyOptions(false, false, "test"));
        var grain = fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
        var before = await grain.GetEpochAsync();

        // Thursday 26 November 2026: the night shift (22:00-06:00 Berlin, UTC+1) starts at 21:00 UTC.
        AdvanceTo(new DateTimeOffset(2026, 11, 26, 21, 30, 0, TimeSpan.Zero));
        await grain.EmitDueBoundariesAsync();
        // It ends at 05:00 UTC; with the default 15 minutes of grace, access that needs it ends at 05:15.
        AdvanceTo(new DateTimeOffset(2026, 11, 27, 5, 20, 0, TimeSpan.Zero));
        await grain.EmitDueBoundariesAsync();
        await grain.EmitDueBoundariesAsync();

        var boundaries = (await grain.ReadDeltasAsync(before, 100))
            .Select(DeltaSerializer.FromRecord)
            .OfType<ShiftBoundary>()
            .ToList();
        Assert.Equal(2, boundaries.Count);
        Assert.Equal(("night", new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), true), (boundaries[0].Shift, boundaries[0].Boundary, boundaries[0].Starts));
        Assert.Equal(("night", new DateTimeOffset(2026, 11, 27, 5, 15, 0, TimeSpan.Zero), false), (boundaries[1].Shift, boundaries[1].Boundary, boundaries[1].Starts));
    }

    private static void AdvanceTo(DateTimeOffset instant)
    {
        if (ClusterFixture.Time.GetUtcNow() < instant)
        {
            ClusterFixture.Time.SetUtcNow(instant);
        }
    }
}
