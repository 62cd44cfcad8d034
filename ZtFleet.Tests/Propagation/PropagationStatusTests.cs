using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>For a revocation: when each enforcement point acknowledged it, and which are behind or silent (fake clock).</summary>
public sealed class PropagationStatusTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public PropagationStatusTests() => _server = new ApiServer(_time);

    private EnforcementService.EnforcementServiceClient Enforcement => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Acknowledgements_give_each_point_its_latency_and_show_who_is_behind_or_silent()
    {
        var quick = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var slow = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-2", "berlin");
        var locked = await new AccessService.AccessServiceClient(_server.Channel).LockIdentityAsync(
            new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge stolen" }, _server.As(Role.FleetAdmin));
        var revocation = locked.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(revocation, await quick.AckAsync(revocation));
        _time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(revocation - 1, await slow.AckAsync(revocation - 1));

        var status = await Enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = "berlin", Epoch = revocation }, _server.As(Role.Auditor));
        Assert.Equal(("berlin", revocation, Start), (status.PlantId, status.Epoch, status.RecordedAt.ToDateTimeOffset()));
        Assert.Equal(
            [("berlin-gw-1", revocation, 250L, false, false), ("berlin-gw-2", revocation - 1, -1L, true, false)],
            status.EnforcementPoints.Select(p => (p.EnforcementPointId, p.AcknowledgedEpoch, p.LatencyMs, p.Behind, p.Silent)));
        Assert.Equal(Start.AddMilliseconds(250), status.EnforcementPoints[0].AcknowledgedAt.ToDateTimeOffset());
        Assert.Null(status.EnforcementPoints[1].AcknowledgedAt);
        Assert.Equal("berlin-gw-1 gateway", status.EnforcementPoints[0].Name);

        // A minute later only the quick one is still heard from; the slow one has gone silent.
        _time.Advance(TimeSpan.FromSeconds(61));
        await quick.Client.HeartbeatAsync(new HeartbeatRequest(), quick.Credential);
        var later = await Enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = "berlin" }, _server.As(Role.PlantAdmin, "berlin"));
        Assert.Equal(revocation, later.Epoch);
        Assert.Equal([("berlin-gw-1", false), ("berlin-gw-2", true)], later.EnforcementPoints.Select(p => (p.EnforcementPointId, p.Silent)));
    }

    [Fact]
    public async Task An_acknowledgement_beyond_the_plants_epoch_is_invalid()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "austin-gw-1", "austin");
        var ex = await Assert.ThrowsAsync<RpcException>(() => point.AckAsync(1_000_000));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var negative = await Assert.ThrowsAsync<RpcException>(() => point.AckAsync(-1));
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
    }

    [Fact]
    public async Task Propagation_status_is_for_administrators_and_auditors_of_the_plant()
    {
        var request = new GetPropagationStatusRequest { PlantId = "berlin" };
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => Enforcement.GetPropagationStatusAsync(request, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);
        var approver = await Assert.ThrowsAsync<RpcException>(() => Enforcement.GetPropagationStatusAsync(request, _server.As(Role.Approver, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, approver.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Enforcement.GetPropagationStatusAsync(
            new GetPropagationStatusRequest { PlantId = "nowhere" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var beyond = await Assert.ThrowsAsync<RpcException>(() => Enforcement.GetPropagationStatusAsync(
            new GetPropagationStatusRequest { PlantId = "berlin", Epoch = 1_000_000 }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, beyond.StatusCode);
    }
}
