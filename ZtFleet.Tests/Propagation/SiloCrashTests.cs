using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>
/// An acknowledged revocation is in the PostgreSQL delta log before anyone is told, so a silo that dies right after
/// (taking its stream queues with it) loses nothing: the enforcement point still receives it.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class SiloCrashTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_revocation_acknowledged_just_before_the_silo_is_killed_is_still_delivered()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("silo-crash"));
        await server.InitializeAsync();
        var admin = server.As(Role.FleetAdmin);
        await new FleetService.FleetServiceClient(server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var point = await EnforcementPoint.EnrollAsync(server, "berlin-gw-1", "berlin");
        var access = new AccessService.AccessServiceClient(server.Channel);

        // The point is live, then its connection drops; while it is away the vendor is locked and the silo dies.
        long applied;
        await using (var before = point.Watch(0))
        {
            var heartbeat = await point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential);
            applied = (await before.UntilAsync(heartbeat.PlantEpoch))[^1].Epoch;
        }

        var locked = await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge stolen" }, admin);
        var revocation = locked.Epochs.Single(e => e.PlantId == "berlin").Epoch;
        await server.RestartSiloAsync();

        // It reconnects from its last applied epoch (retrying while the API's client finds the new silo).
        var watcher = await ReconnectAsync(point, applied);
        await using (watcher)
        {
            var received = await watcher.UntilAsync(revocation);
            Assert.Equal(Enumerable.Range((int)applied + 1, received.Count).Select(e => (long)e), received.Select(r => r.Epoch));
            var lockDelta = Assert.IsType<IdentityChanged>(EnforcementPoint.Delta(received[^1]));
            Assert.True(lockDelta.Identity.Locked);
            Assert.Equal("vendor-tech", lockDelta.Identity.Id.Value);

            // The new silo's plant grain continues the same log, and live delivery works again.
            var unlocked = await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, admin);
            var next = await watcher.NextAsync();
            Assert.Equal((revocation + 1, revocation + 1), (unlocked.Epochs.Single(e => e.PlantId == "berlin").Epoch, next.Epoch));
        }
    }

    private static async Task<Watcher> ReconnectAsync(EnforcementPoint point, long since)
    {
        var deadline = DateTime.UtcNow + Watcher.DeliveryTimeout;
        while (true)
        {
            try
            {
                // A heartbeat proves the cluster answers again before the watch is opened.
                await point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential);
                return point.Watch(since);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
