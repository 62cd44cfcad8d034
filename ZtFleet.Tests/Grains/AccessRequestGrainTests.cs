using ZtFleet.Grains.Access;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Propagation;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains;

/// <summary>The temporary access workflow on the in-process cluster, on the fixture's fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccessRequestGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_grant_expires_by_itself_and_every_plant_learns_it()
    {
        var (plant, identity) = await ApplyAsync("expiry");
        var now = ClusterFixture.Time.GetUtcNow();
        var request = fixture.Grains.GetGrain<IAccessRequestGrain>("req-expiry");
        await request.SubmitAsync(new AccessRequestSubmission(identity, plant, [Operation.Program], [], [AssetId.Parse("plc-1")], now, now.AddHours(2), "update", "WO-9", "planner"));
        var active = await request.ApproveAsync("alice", null);
        Assert.Equal(AccessRequestStatus.Active, active.Status);
        Assert.Single((await fixture.Grains.GetGrain<IIdentityGrain>(identity.Value).GetRuntimeAsync()).Grants);

        Assert.Equal(AccessRequestStatus.Active, (await request.ExpireIfDueAsync())!.Status);
        ClusterFixture.Time.Advance(TimeSpan.FromHours(2));
        var expired = await request.ExpireIfDueAsync();

        Assert.Equal(AccessRequestStatus.Expired, expired!.Status);
        Assert.Empty((await fixture.Grains.GetGrain<IIdentityGrain>(identity.Value).GetRuntimeAsync()).Grants);
        var last = (await fixture.Grains.GetGrain<IPlantGrain>(plant.Value).ReadDeltasAsync(active.Epochs.Single().Epoch, 10))
            .Select(DeltaSerializer.FromRecord).OfType<IdentityChanged>().Last();
        Assert.Equal(IdentityChangeReasons.GrantExpired, last.Reason);
        Assert.Empty(last.Identity.Grants);
    }

    [Fact]
    public async Task The_same_submission_twice_is_one_request_and_a_different_one_is_refused()
    {
        var (plant, identity) = await ApplyAsync("dupe");
        var now = ClusterFixture.Time.GetUtcNow();
        var submission = new AccessRequestSubmission(identity, plant, [Operation.View], [ZoneId.Parse("cell-1")], [], now, now.AddHours(1), "look", "WO-1", "planner");
        var request = fixture.Grains.GetGrain<IAccessRequestGrain>("req-dupe");

        var first = await request.SubmitAsync(submission);
        var again = await request.SubmitAsync(submission);

        Assert.Equal(first.SubmittedAt, again.SubmittedAt);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => request.SubmitAsync(submission with { Justification = "something else" }));
    }

    private async Task<(PlantId Plant, IdentityId Identity)> ApplyAsync(string suffix)
    {
        var document = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;
        var plant = PlantId.Parse($"berlin-{suffix}");
        var identity = IdentityId.Parse($"vendor-{suffix}");
        var berlin = document.Plants.Single(p => p.Id.Value == "berlin") with { Id = plant };
        var vendor = document.Identities.Single(i => i.Id.Value == "vendor-tech") with
        {
            Id = identity,
            Assignments = [new PlantAssignment(plant, ["remote-maintenance"], null)],
        };
        var result = await fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet)
            .ApplyAsync(document with { Plants = [berlin], Identities = [vendor] }, new FleetApplyOptions(false, false, "test"));
        Assert.Empty(result.Violations);
        return (plant, identity);
    }
}
