using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Fleet;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Versions;

/// <summary>
/// The version is written in step with the apply: an apply that could not stage its version is not applied and has
/// none; one whose version could not be recorded yet stays committing until it is, then has it.
/// </summary>
public sealed class FleetVersionFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FlakyFleetVersionStore _store = new();
    private readonly ApiServer _server;

    public FleetVersionFailureTests() =>
        _server = new ApiServer { ConfigureSilo = silo => silo.ConfigureServices(s => s.AddSingleton<IFleetVersionStore>(_store)) };

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    private CallOptions Admin => _server.As(Role.FleetAdmin);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_apply_whose_version_cannot_be_staged_changes_nothing_and_has_no_version()
    {
        _store.FailStaging(1);

        var failed = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetVersionTests.Renamed }, Admin).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        Assert.Equal(1, (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin)).Total);
        var export = await Client.ExportFleetAsync(new ExportFleetRequest(), Admin);
        Assert.Equal(1, export.Generation);
        Assert.Contains("name: Press HMI\n", export.Document, StringComparison.Ordinal);

        var retried = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetVersionTests.Renamed }, Admin);
        Assert.Equal(2, retried.Version);
        Assert.Equal([2L, 1L], (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin)).Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task An_apply_whose_version_cannot_be_recorded_yet_stays_committing_until_it_is()
    {
        _store.FailRecording(2);

        var applied = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetVersionTests.Renamed, Reason = "rename" }, Admin);

        Assert.True(applied.Applied);
        Assert.Equal(ApplyState.Committing, applied.State);
        Assert.Equal(2, applied.Version);
        var status = await Client.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applied.ApplyId }, Admin);
        Assert.Contains("fleet version 2", status.LastError, StringComparison.Ordinal);

        // The grain's own retries record it; no caller is needed.
        var until = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < until
            && (await Client.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applied.ApplyId }, Admin)).State != ApplyState.Committed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(ApplyState.Committed, (await Client.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applied.ApplyId }, Admin)).State);
        var version = await Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 2 }, Admin);
        Assert.Equal((applied.ApplyId, "rename"), (version.Version.ApplyId, version.Version.Reason));
    }
}
