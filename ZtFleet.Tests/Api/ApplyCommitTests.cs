using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Grains;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api;

/// <summary>
/// An apply whose commit storage refuses for a while, seen through the real API: the answers say it is committing,
/// readers never report a plant the fleet has as missing, and once storage is back every read path agrees.
/// </summary>
public sealed class ApplyCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly ApiServer _server = new() { ConfigureSilo = FailingStorageClusterFixture.Install };

    private FleetService.FleetServiceClient Fleet => new(_server.Channel);

    private FlowService.FlowServiceClient Flows => new(_server.Channel);

    private FailingGrainStorage Storage => _server.SiloServices.GetRequiredService<FailingGrainStorage>();

    private CallOptions Admin => _server.As(Role.FleetAdmin);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_plant_the_fleet_lists_is_never_reported_missing_while_its_apply_commits()
    {
        var lyonPaint = new GetRulesetRequest { PlantId = "lyon", ZoneId = "paint", Format = RulesetFormat.Nftables };

        // Asked before the plant exists, NOT_FOUND is the truth (and leaves a view that found it missing).
        var before = await Assert.ThrowsAsync<RpcException>(() => Flows.GetRulesetAsync(lyonPaint, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, before.StatusCode);

        // The plant's commit fails: its storage refuses every read and write once the apply is decided.
        Storage.FailAfterDecision(GrainId.Create("plant", "lyon"), times: int.MaxValue);
        ApplyFleetResponse applied;
        Task<GetRulesetResponse> ruleset;
        try
        {
            applied = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, Admin);
            Assert.True(applied.Applied);
            Assert.Equal(ApplyState.Committing, applied.State);
            Assert.True(Guid.TryParse(applied.ApplyId, out _), applied.ApplyId);

            var listed = await Fleet.ListPlantsAsync(new ListPlantsRequest(), Admin);
            Assert.Equal(applied.ApplyId, listed.CommittingApplyId);
            Assert.DoesNotContain(listed.Plants, p => p.PlantId == "lyon");
            Assert.Equal(applied.ApplyId, (await Fleet.ExportFleetAsync(new ExportFleetRequest(), Admin)).CommittingApplyId);

            var status = await Fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applied.ApplyId }, Admin);
            Assert.Equal(ApplyState.Committing, status.State);
            Assert.Equal(1, status.PlantsTotal);
            Assert.Equal(0, status.PlantsCommitted);
            Assert.Contains("lyon", status.LastError, StringComparison.Ordinal);

            var again = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, Admin);
            Assert.Equal(applied.ApplyId, again.ApplyId);
            Assert.Equal(ApplyState.Committing, again.State);

            var different = await Assert.ThrowsAsync<RpcException>(() => Fleet.ApplyFleetAsync(
                new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon.Replace("Lyon Paint", "Lyon Paint 2", StringComparison.Ordinal) }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.Aborted, different.StatusCode);
            Assert.Contains(applied.ApplyId, different.Status.Detail, StringComparison.Ordinal);
            var info = different.GetRpcStatus()!.GetDetail<ErrorInfo>();
            Assert.Equal(nameof(ErrorReason.ApplyCommitting), info.Reason);
            Assert.Equal(applied.ApplyId, info.Metadata["apply_id"]);

            var assets = await Assert.ThrowsAsync<RpcException>(() => Fleet.ListAssetsAsync(new ListAssetsRequest { PlantId = "lyon" }, Admin).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, assets.StatusCode);

            // Asked while the plant has no definition yet: the call waits for the view instead of NOT_FOUND.
            ruleset = Flows.GetRulesetAsync(lyonPaint, Admin).ResponseAsync;
        }
        finally
        {
            Storage.Release();
        }

        var answer = await ruleset;
        Assert.StartsWith("# ZtFleet ruleset: plant lyon, zones paint,", answer.Ruleset, StringComparison.Ordinal);

        await UntilCommittedAsync(applied.ApplyId);
        var plants = await Fleet.ListPlantsAsync(new ListPlantsRequest(), Admin);
        Assert.Equal(string.Empty, plants.CommittingApplyId);
        Assert.Equal(["austin", "berlin", "lyon"], plants.Plants.Select(p => p.PlantId));
        var export = await Fleet.ExportFleetAsync(new ExportFleetRequest(), Admin);
        Assert.Equal(string.Empty, export.CommittingApplyId);
        Assert.Contains("Lyon Paint", export.Document, StringComparison.Ordinal);
        Assert.Equal(applied.Generation, export.Generation);
    }

    [Fact]
    public async Task A_ruleset_asked_right_after_an_apply_sees_the_new_plant()
    {
        var applied = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, Admin);
        Assert.Equal(ApplyState.Committed, applied.State);

        var ruleset = await Flows.GetRulesetAsync(new GetRulesetRequest { PlantId = "lyon", ZoneId = "paint", Format = RulesetFormat.Nftables }, Admin);

        Assert.StartsWith("# ZtFleet ruleset: plant lyon, zones paint,", ruleset.Ruleset, StringComparison.Ordinal);
        var unchanged = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, Admin);
        Assert.False(unchanged.Applied);
        Assert.Equal(ApplyState.Committed, unchanged.State);
        Assert.Equal(string.Empty, unchanged.ApplyId);
    }

    [Fact]
    public async Task A_plant_admin_reads_the_status_of_applies_touching_its_plants_only()
    {
        var applied = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, Admin);
        var request = new GetApplyStatusRequest { ApplyId = applied.ApplyId };

        var own = await Fleet.GetApplyStatusAsync(request, _server.As(Role.PlantAdmin, "lyon"));
        Assert.Equal(ApplyState.Committed, own.State);
        var auditor = await Fleet.GetApplyStatusAsync(request, _server.As(Role.Auditor));
        Assert.Equal(1, auditor.PlantsCommitted);
        var other = await Assert.ThrowsAsync<RpcException>(() => Fleet.GetApplyStatusAsync(request, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = Guid.NewGuid().ToString() }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = "nope" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    /// <summary>Polls the apply's status (a read; the apply is never sent again) until it is committed.</summary>
    private async Task UntilCommittedAsync(string applyId)
    {
        var deadline = DateTime.UtcNow + Deadline;
        GetApplyStatusResponse? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await Fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applyId }, Admin);
            if (status.State == ApplyState.Committed)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Fail($"Apply {applyId} did not commit within {Deadline}: {status}");
    }
}
