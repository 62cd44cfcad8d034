using Orleans.Core.Internal;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

using static ZtFleet.Tests.Grains.FleetDocuments;

namespace ZtFleet.Tests.Grains;

/// <summary>
/// A decided apply finishes on its own when storage refuses the commit of a plant for a while, and every read path
/// agrees afterwards. The cluster is this class's own; each test uses plants and identities of its own.
/// </summary>
public sealed class ApplyConvergenceTests(FailingStorageClusterFixture fixture) : IClassFixture<FailingStorageClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private IFleetGrain Fleet => fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);

    [Fact]
    public async Task An_apply_interrupted_by_failing_storage_converges_and_every_read_path_agrees()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "conv");
        var berlin = PlantId.Parse("berlin-conv");
        fixture.Storage.FailAfterDecision(GrainId.Create("plant", GrainKeys.Plant(berlin)), times: 3);

        var result = await Fleet.ApplyAsync(document, Options());

        Assert.True(result.Applied);
        Assert.Equal(FleetApplyState.Committing, result.State);
        var applyId = Assert.NotNull(result.ApplyId);

        // No further call but status reads: the grain's timer keeps committing.
        var status = await UntilCommittedAsync(applyId);
        Assert.Equal(3, fixture.Storage.Failed);
        Assert.Equal(result.Generation, status.Generation);
        Assert.Equal(status.Plants.Count, status.PlantsCommitted);
        Assert.Equal(status.IdentitiesTotal, status.IdentitiesCommitted);
        Assert.Null(status.LastError);

        await AgreesEverywhereAsync(document);

        // What the plant holds is what it stored, not only what it held in memory when its write failed.
        await DeactivateAsync(fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(berlin)));
        await DeactivateAsync(Fleet);
        await AgreesEverywhereAsync(document);
    }

    [Fact]
    public async Task The_same_document_during_the_commit_returns_the_pending_apply_and_a_different_one_is_refused()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "retry");
        var austin = PlantId.Parse("austin-retry");
        fixture.Storage.FailAfterDecision(GrainId.Create("plant", GrainKeys.Plant(austin)), times: int.MaxValue);
        Guid applyId;
        try
        {
            var first = await Fleet.ApplyAsync(document, Options());
            applyId = Assert.NotNull(first.ApplyId);
            Assert.Equal(FleetApplyState.Committing, first.State);

            var status = await Fleet.GetApplyStatusAsync(applyId);
            Assert.Equal(FleetApplyState.Committing, status!.State);
            Assert.Contains("austin-retry", status.LastError);
            Assert.True(status.PlantsCommitted < status.Plants.Count);
            Assert.Equal(applyId, (await Fleet.GetOverviewAsync()).CommittingApplyId);

            var again = await Fleet.ApplyAsync(document, Options());
            Assert.True(again.Applied);
            Assert.Equal(applyId, again.ApplyId);
            Assert.Equal(FleetApplyState.Committing, again.State);
            Assert.Equal(first.Generation, again.Generation);

            var renamed = document with { Plants = [document.Plants[0] with { Name = "Another name" }], Identities = [] };
            var refused = await Assert.ThrowsAsync<ConflictException>(() => Fleet.ApplyAsync(renamed, Options()));
            Assert.Equal(applyId, FleetApplyRefusals.ApplyIdOf(refused));
        }
        finally
        {
            fixture.Storage.Release();
        }

        await UntilCommittedAsync(applyId);
        var unchanged = await Fleet.ApplyAsync(document, Options());
        Assert.False(unchanged.Applied);
        Assert.Equal(FleetApplyState.Committed, unchanged.State);
        await AgreesEverywhereAsync(document);
    }

    [Fact]
    public async Task A_fleet_grain_reactivated_during_the_commit_finishes_it_and_tells_no_mixed_fleet_meanwhile()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "react");
        var berlin = PlantId.Parse("berlin-react");
        fixture.Storage.FailAfterDecision(GrainId.Create("plant", GrainKeys.Plant(berlin)), times: int.MaxValue);
        Guid applyId;
        try
        {
            var first = await Fleet.ApplyAsync(document, Options());
            applyId = Assert.NotNull(first.ApplyId);
            await DeactivateAsync(Fleet);

            // The new activation cannot tell the decided document from plants half-way: it says it is committing.
            var refused = await Assert.ThrowsAsync<TemporarilyUnavailableException>(() => Fleet.ExportAsync());
            Assert.Equal(applyId, FleetApplyRefusals.ApplyIdOf(refused));
        }
        finally
        {
            fixture.Storage.Release();
        }

        await UntilCommittedAsync(applyId);
        await AgreesEverywhereAsync(document);
    }

    /// <summary>Every plant and identity of <paramref name="document"/> holds it, and the fleet says so.</summary>
    private async Task AgreesEverywhereAsync(FleetDocument document)
    {
        var overview = await Fleet.GetOverviewAsync();
        Assert.Null(overview.CommittingApplyId);
        var exported = await Fleet.ExportAsync();
        foreach (var plant in document.Plants)
        {
            Assert.Contains(plant.Id, overview.Plants);
            var held = await fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(plant.Id)).GetDefinitionAsync();
            Assert.NotNull(held);
            var inExport = exported.Plants.Single(p => p.Id == plant.Id);
            Assert.Equal(plant.Assets.Select(a => a.Id), held.Spec.Assets.Select(a => a.Id));
            Assert.Equal(inExport.Assets.Select(a => a.Id), held.Spec.Assets.Select(a => a.Id));
            Assert.Equal(plant.Name, held.Spec.Name);
            Assert.Equal(inExport.Name, held.Spec.Name);
        }

        foreach (var identity in document.Identities)
        {
            Assert.Contains(identity.Id, overview.Identities);
            var held = await fixture.Grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(identity.Id)).GetAsync();
            Assert.Equal(identity.Kind, held!.Kind);
            Assert.Contains(exported.Identities, i => i.Id == identity.Id);
        }
    }

    /// <summary>Polls the apply's status (a read, never a retry of the apply) until it is committed.</summary>
    private async Task<FleetApplyStatus> UntilCommittedAsync(Guid applyId)
    {
        var deadline = DateTime.UtcNow + Deadline;
        FleetApplyStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await Fleet.GetApplyStatusAsync(applyId);
            if (status?.State == FleetApplyState.Committed)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Fail($"Apply {applyId} did not commit within {Deadline}: {status}");
        return null!;
    }

    /// <summary>Drops the grain's activation; calls after this reach a new one, which reads its storage.</summary>
    private static async Task DeactivateAsync(IAddressable grain) =>
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
}
