using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Google.Rpc;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>
/// Rulesets pushed through <c>Watch</c>: the current one first, then a new one with each delta that changes it, for
/// the zones the point guards; the point reports what it applied in <c>Ack</c>.
/// </summary>
public sealed class RulesetWatchTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Fleet => new(_server.Channel);

    private EnforcementService.EnforcementServiceClient Enforcement => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, _server.As(Role.FleetAdmin));
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_point_gets_its_zones_ruleset_first_and_a_new_one_only_when_segmentation_changes()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin", "cell-1");
        await using var watcher = point.Watch(new WatchRequest
        {
            PlantId = "berlin",
            SinceEpoch = 0,
            RulesetFormat = RulesetFormat.Nftables,
            ModbusProxyPort = 5020,
        });

        var first = await watcher.NextAsync();
        Assert.Equal("ruleset", first.Kind);
        Assert.Equal(["cell-1"], first.Ruleset.ZoneIds);
        Assert.Equal((first.Epoch, Sha256(first.Ruleset.Text)), (first.Ruleset.Epoch, first.Ruleset.Sha256));
        Assert.StartsWith($"# ZtFleet ruleset: plant berlin, zones cell-1, epoch {first.Epoch}.", first.Ruleset.Text, StringComparison.Ordinal);
        Assert.Contains("\"conduit:mes-to-cell-1\"", first.Ruleset.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ews-to-safety", first.Ruleset.Text, StringComparison.Ordinal);

        // The replay of the log brings no ruleset again: none differs from the one just sent.
        // (The ruleset's epoch is the plant's segmentation epoch, its last definition or quarantine change; the
        // identity deltas of the first apply follow it, so the replay runs to the plant's epoch.)
        var plantEpoch = (await point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential)).PlantEpoch;
        var replayed = await watcher.UntilAsync(plantEpoch);
        Assert.All(replayed, r => Assert.Null(r.Ruleset));

        // An identity change leaves the ruleset as it is; a conduit change of the zone brings the new one.
        await new AccessService.AccessServiceClient(_server.Channel).LockIdentityAsync(
            new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge stolen" }, _server.As(Role.FleetAdmin));
        var changed = TestFleets.TwoPlants.Replace("operations: [read, browse, subscribe]", "operations: [read, browse, subscribe, write]", StringComparison.Ordinal);
        var applied = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = changed }, _server.As(Role.FleetAdmin));
        var epoch = applied.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        var live = await watcher.UntilAsync(epoch);
        Assert.Null(live.Single(r => r.Kind == "identity-changed").Ruleset);
        var definition = live.Single(r => r.Kind == "plant-definition-changed");
        Assert.Equal(definition.Epoch, definition.Ruleset.Epoch);
        Assert.NotEqual(first.Ruleset.Sha256, definition.Ruleset.Sha256);

        // The point reports what it applied; the fleet sees it.
        await point.AckAsync(definition.Epoch, definition.Ruleset.Sha256);
        var status = await Enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = "berlin" }, _server.As(Role.Auditor));
        Assert.Equal(definition.Ruleset.Sha256, status.EnforcementPoints.Single().RulesetSha256);

        // A point held fail-closed acknowledges with no ruleset: the fleet no longer shows one in force.
        await point.AckAsync(definition.Epoch);
        status = await Enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = "berlin" }, _server.As(Role.Auditor));
        Assert.Equal(string.Empty, status.EnforcementPoints.Single().RulesetSha256);
    }

    [Fact]
    public async Task A_watch_without_a_format_carries_no_ruleset_and_bad_options_are_refused()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        await using (var plain = point.Watch(0))
        {
            Assert.NotEqual("ruleset", (await plain.NextAsync()).Kind);
        }

        await using var bad = point.Watch(new WatchRequest { PlantId = "berlin", RulesetFormat = (RulesetFormat)7, ModbusProxyPort = -1 });
        var refused = await Assert.ThrowsAsync<RpcException>(bad.NextAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(["ruleset_format"], refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));

        await using var proxyOnly = point.Watch(new WatchRequest { PlantId = "berlin", ModbusProxyPort = 5020 });
        var alone = await Assert.ThrowsAsync<RpcException>(proxyOnly.NextAsync);
        Assert.Equal(["modbus_proxy_port"], alone.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));

        var ack = await Assert.ThrowsAsync<RpcException>(() => point.AckAsync(1, "not-a-hash"));
        Assert.Equal(StatusCode.InvalidArgument, ack.StatusCode);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
