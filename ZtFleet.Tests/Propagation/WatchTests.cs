using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>
/// Enforcement points watching their plant's deltas through the real EnforcementService: revocations reach every
/// one of them in epoch order, and a point that was away gets what it missed, once.
/// </summary>
public sealed class WatchTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private AccessService.AccessServiceClient Access => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_revocation_reaches_three_watching_enforcement_points_at_two_plants_in_epoch_order()
    {
        var points = new[]
        {
            await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin"),
            await EnforcementPoint.EnrollAsync(_server, "berlin-gw-2", "berlin", "cell-1", "safety"),
            await EnforcementPoint.EnrollAsync(_server, "austin-gw-1", "austin"),
        };
        var before = await CurrentEpochsAsync();
        var watchers = points.Select(p => p.Watch(0)).ToList();
        try
        {
            // Each first replays its plant's log from the beginning.
            for (var i = 0; i < points.Length; i++)
            {
                var backlog = await watchers[i].UntilAsync(before[points[i].Plant]);
                Assert.Equal(Enumerable.Range(1, backlog.Count).Select(e => (long)e), backlog.Select(r => r.Epoch));
            }

            var locked = await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge stolen" }, _server.As(Role.FleetAdmin));
            var epochs = locked.Epochs.ToDictionary(e => e.PlantId, e => e.Epoch);
            Assert.Equal(["austin", "berlin"], epochs.Keys.Order());

            for (var i = 0; i < points.Length; i++)
            {
                var live = await watchers[i].UntilAsync(epochs[points[i].Plant]);
                Assert.Equal(Enumerable.Range((int)before[points[i].Plant] + 1, live.Count).Select(e => (long)e), live.Select(r => r.Epoch));
                var revocation = Assert.IsType<IdentityChanged>(EnforcementPoint.Delta(live[^1]));
                Assert.Equal(("vendor-tech", true, IdentityChangeReasons.Locked), (revocation.Identity.Id.Value, revocation.Identity.Locked, revocation.Reason));
                Assert.Equal("identity-changed", live[^1].Kind);
            }
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_reconnecting_enforcement_point_receives_everything_it_missed_in_order_exactly_once()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var applied = (await CurrentEpochsAsync())["berlin"];
        await using (var first = point.Watch(0))
        {
            await first.UntilAsync(applied);
        }

        // While it is away: a lock, an unlock, and a lock of someone else.
        var admin = _server.As(Role.FleetAdmin);
        await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "suspicious" }, admin);
        await Access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, admin);
        var last = await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "jdoe", Reason = "left the company" }, admin);
        var missedUntil = last.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        await using var again = point.Watch(applied);
        var missed = await again.UntilAsync(missedUntil);
        Assert.Equal([applied + 1, applied + 2, applied + 3], missed.Select(r => r.Epoch));
        Assert.Equal(
            [("vendor-tech", true), ("vendor-tech", false), ("jdoe", true)],
            missed.Select(EnforcementPoint.Delta).Cast<IdentityChanged>().Select(d => (d.Identity.Id.Value, d.Identity.Locked)));

        // Then live, continuing right after the replay: the next delta is the next epoch, nothing repeated.
        var unlocked = await Access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "jdoe" }, admin);
        var next = await again.NextAsync();
        Assert.Equal(missedUntil + 1, next.Epoch);
        Assert.Equal(unlocked.Epochs.Single(e => e.PlantId == "berlin").Epoch, next.Epoch);
    }

    [Fact]
    public async Task A_watch_that_starts_while_changes_are_being_made_has_no_gap_and_no_repeat_at_the_seam()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var admin = _server.As(Role.FleetAdmin);
        var changes = Task.Run(async () =>
        {
            long last = 0;
            for (var i = 0; i < 20; i++)
            {
                var response = i % 2 == 0
                    ? await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "jdoe", Reason = $"round {i}" }, admin)
                    : await Access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "jdoe" }, admin);
                last = response.Epochs.Single(e => e.PlantId == "berlin").Epoch;
            }

            return last;
        });

        await using var watcher = point.Watch(0);
        var lastEpoch = await changes;
        var received = await watcher.UntilAsync(lastEpoch);
        Assert.Equal(Enumerable.Range(1, (int)lastEpoch).Select(e => (long)e), received.Select(r => r.Epoch));
    }

    [Fact]
    public async Task An_enforcement_point_credential_reaches_only_its_own_plant()
    {
        var austin = await EnforcementPoint.EnrollAsync(_server, "austin-gw-1", "austin");

        await using (var other = austin.Watch(0, plant: "berlin"))
        {
            var ex = await Assert.ThrowsAsync<RpcException>(other.NextAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }

        await using (var missing = austin.Watch(0, plant: "nowhere"))
        {
            var ex = await Assert.ThrowsAsync<RpcException>(missing.NextAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }

        // Nor can it ask for decisions there; at its own plant it can.
        var decisions = new DecisionService.DecisionServiceClient(_server.Channel);
        var check = await Assert.ThrowsAsync<RpcException>(() => decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "vendor-tech", AssetId = "plc-1", Operation = ZtFleet.Api.V1.Operation.View }, austin.Credential).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, check.StatusCode);
        var own = await decisions.CheckAsync(
            new CheckRequest { PlantId = "austin", IdentityId = "vendor-tech", AssetId = "plc-a1", Operation = ZtFleet.Api.V1.Operation.View }, austin.Credential);
        Assert.True(own.Decision.Epoch > 0);

        // Outside its methods it is refused before anything runs, whatever the plant.
        var fleet = new FleetService.FleetServiceClient(_server.Channel);
        var listing = await Assert.ThrowsAsync<RpcException>(() => fleet.ListPlantsAsync(new ListPlantsRequest(), austin.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, listing.StatusCode);
        var enrolling = await Assert.ThrowsAsync<RpcException>(() => austin.Client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "rogue", PlantId = "austin" }, austin.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, enrolling.StatusCode);
        var status = await Assert.ThrowsAsync<RpcException>(() => austin.Client.GetPropagationStatusAsync(
            new GetPropagationStatusRequest { PlantId = "austin" }, austin.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
    }

    [Fact]
    public async Task An_enrollment_token_works_once_and_only_for_enrolling()
    {
        var admin = _server.As(Role.FleetAdmin);
        var client = new EnforcementService.EnforcementServiceClient(_server.Channel);
        var token = await client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-1", PlantId = "berlin", ZoneIds = { "cell-1" }, Name = "Cell 1 firewall" }, admin);
        var enrollment = EnforcementPoint.Bearer(token.EnrollmentToken);

        var watching = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.Watch(new WatchRequest { PlantId = "berlin" }, enrollment);
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.PermissionDenied, watching.StatusCode);

        var enrolled = await client.EnrollAsync(new EnrollRequest(), enrollment);
        Assert.Equal(("berlin-fw-1", "berlin"), (enrolled.EnforcementPointId, enrolled.PlantId));
        Assert.Equal(["cell-1"], enrolled.ZoneIds);
        Assert.True(enrolled.CredentialExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(364));

        var replay = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest(), enrollment).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, replay.StatusCode);

        var credential = EnforcementPoint.Bearer(enrolled.Credential);
        var heartbeat = await client.HeartbeatAsync(new HeartbeatRequest(), credential);
        Assert.Equal((await CurrentEpochsAsync())["berlin"], heartbeat.PlantEpoch);

        // An administrator cannot enroll the same point again either.
        var again = await Assert.ThrowsAsync<RpcException>(() => client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-1", PlantId = "berlin" }, admin).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
    }

    [Fact]
    public async Task Enrollment_tokens_are_checked_field_by_field_and_scoped_to_the_plant()
    {
        var client = new EnforcementService.EnforcementServiceClient(_server.Channel);
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "Bad Id", PlantId = "berlin", ZoneIds = { "cell-1", "no-such-zone" }, ValidHours = 1000 },
            _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var fields = bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["enforcement_point_id", "valid_hours"], fields);

        var unknownZone = await Assert.ThrowsAsync<RpcException>(() => client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-2", PlantId = "berlin", ZoneIds = { "cell-1", "no-such-zone" } },
            _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(["zone_ids[1]"], unknownZone.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));

        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-2", PlantId = "berlin" }, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);

        var auditor = await Assert.ThrowsAsync<RpcException>(() => client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-2", PlantId = "berlin" }, _server.As(Role.Auditor)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, auditor.StatusCode);

        var plantAdmin = await client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-fw-2", PlantId = "berlin" }, _server.As(Role.PlantAdmin, "berlin"));
        Assert.NotEmpty(plantAdmin.EnrollmentToken);
    }

    [Fact]
    public async Task A_revoked_enforcement_point_cannot_watch()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var admins = new EnforcementService.EnforcementServiceClient(_server.Channel);
        var revoke = new RevokeEnforcementPointRequest { EnforcementPointId = "berlin-gw-1", Reason = "gateway stolen" };

        var foreign = await Assert.ThrowsAsync<RpcException>(() => admins.RevokeEnforcementPointAsync(revoke, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        var revoked = await admins.RevokeEnforcementPointAsync(revoke, _server.As(Role.PlantAdmin, "berlin"));
        Assert.True(revoked.RevokedNow);
        Assert.False((await admins.RevokeEnforcementPointAsync(revoke, _server.As(Role.FleetAdmin))).RevokedNow);
        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var audit = await cluster.GetGrain<ZtFleet.Grains.Audit.IAuditGrain>("berlin").ReadAsync(0, 100);
        Assert.Contains(audit, r => r.Entry.Action == "enforcement.revoked" && r.Entry.Outcome == "revoked" && r.Entry.Detail.Contains("gateway stolen", StringComparison.Ordinal));

        await using var watcher = point.Watch(0);
        var ex = await Assert.ThrowsAsync<RpcException>(watcher.NextAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    private async Task<Dictionary<string, long>> CurrentEpochsAsync()
    {
        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var epochs = new Dictionary<string, long>();
        foreach (var plant in new[] { "berlin", "austin" })
        {
            epochs[plant] = await cluster.GetGrain<ZtFleet.Grains.Plants.IPlantGrain>(plant).GetEpochAsync();
        }

        return epochs;
    }
}
