using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.Flows;

/// <summary>Zone boundary rulesets through the real FlowService, compiled from the API's plant view.</summary>
public sealed class GetRulesetTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private FlowService.FlowServiceClient Flows => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Both_formats_carry_the_zone_conduits_the_epoch_and_the_hash_of_the_text()
    {
        var nft = await GetAsync("cell-1", RulesetFormat.Nftables);
        Assert.True(nft.Epoch > 0);
        Assert.Equal(RulesetFormat.Nftables, nft.Format);
        Assert.StartsWith($"# ZtFleet ruleset: plant berlin, zones cell-1, epoch {nft.Epoch}.", nft.Ruleset, StringComparison.Ordinal);
        Assert.Contains("tcp dport 4840 accept comment \"conduit:mes-to-cell-1\"", nft.Ruleset, StringComparison.Ordinal);
        Assert.Contains("tcp dport 102 accept comment \"conduit:ews-to-cell-1\"", nft.Ruleset, StringComparison.Ordinal);
        Assert.DoesNotContain("ews-to-safety", nft.Ruleset, StringComparison.Ordinal);
        Assert.Equal(Sha256(nft.Ruleset), nft.Sha256);

        // Another zone of the same plant view is its own ruleset (compiled rulesets are shared per scope, never across).
        var safety = await GetAsync("safety", RulesetFormat.Nftables);
        Assert.Contains("\"conduit:ews-to-safety\"", safety.Ruleset, StringComparison.Ordinal);
        Assert.DoesNotContain("mes-to-cell-1", safety.Ruleset, StringComparison.Ordinal);
        Assert.Equal(nft.Sha256, (await GetAsync("cell-1", RulesetFormat.Nftables)).Sha256);

        var acl = await GetAsync("cell-1", RulesetFormat.JsonAcl);
        Assert.Equal((nft.Epoch, RulesetFormat.JsonAcl), (acl.Epoch, acl.Format));
        Assert.Equal(Sha256(acl.Ruleset), acl.Sha256);
        using var json = JsonDocument.Parse(acl.Ruleset);
        Assert.Equal(("berlin", "cell-1", nft.Epoch, "deny"), (
            json.RootElement.GetProperty("plant").GetString(), json.RootElement.GetProperty("zones")[0].GetString(),
            json.RootElement.GetProperty("epoch").GetInt64(), json.RootElement.GetProperty("defaultAction").GetString()));
        var mes = json.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("conduit").GetString() == "mes-to-cell-1");
        Assert.Equal(["10.0.30.10"], mes.GetProperty("sources").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["read", "browse", "subscribe"], mes.GetProperty("operations").EnumerateArray().Select(a => a.GetString()));

        // Nothing changed: the same text, the same hash.
        Assert.Equal(acl.Sha256, (await GetAsync("cell-1", RulesetFormat.JsonAcl)).Sha256);
    }

    [Fact]
    public async Task A_changed_conduit_gives_a_new_ruleset_at_a_later_epoch()
    {
        var before = await GetAsync("cell-1", RulesetFormat.JsonAcl);

        await ApplyAsync(TestFleets.TwoPlants.Replace("operations: [read, browse, subscribe]", "operations: [read, browse, subscribe, write]", StringComparison.Ordinal));

        // A ruleset's epoch is the plant's segmentation epoch (its last definition or quarantine change), which later
        // identity deltas leave behind: the consistency token is the plant's epoch after the apply.
        var plantEpoch = await ((IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!).GetGrain<ZtFleet.Grains.Plants.IPlantGrain>("berlin").GetEpochAsync();
        var after = await GetAsync("cell-1", RulesetFormat.JsonAcl, atLeastEpoch: plantEpoch);
        Assert.True(after.Epoch > before.Epoch);
        Assert.NotEqual(before.Sha256, after.Sha256);
        Assert.Contains($"\"epoch\": {after.Epoch},", after.Ruleset, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(after.Ruleset);
        var mes = json.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("conduit").GetString() == "mes-to-cell-1");
        Assert.Equal(["read", "browse", "subscribe", "write"], mes.GetProperty("operations").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_every_field_violation_and_an_unknown_zone_is_not_found()
    {
        var request = new GetRulesetRequest { PlantId = "Berlin!", ZoneId = "", AtLeastEpoch = -1, ModbusProxyPort = 70000 };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Flows.GetRulesetAsync(request, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["plant_id", "zone_id", "format", "at_least_epoch", "modbus_proxy_port"], fields);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => GetAsync("cell-9", RulesetFormat.Nftables));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task With_a_modbus_proxy_port_modbus_conduits_are_redirected_to_it()
    {
        var request = new GetRulesetRequest { PlantId = "berlin", ZoneId = "cell-1", Format = RulesetFormat.Nftables, ModbusProxyPort = 5020 };

        var proxied = await Flows.GetRulesetAsync(request, _server.As(Role.FleetAdmin));

        Assert.Contains("# Modbus/TCP conduits are redirected to the local Modbus proxy on port 5020.", proxied.Ruleset, StringComparison.Ordinal);
        Assert.NotEqual((await GetAsync("cell-1", RulesetFormat.Nftables)).Sha256, proxied.Sha256);
        var json = new GetRulesetRequest { PlantId = "berlin", ZoneId = "cell-1", Format = RulesetFormat.JsonAcl, ModbusProxyPort = 5020 };
        var refused = await Assert.ThrowsAsync<RpcException>(() => Flows.GetRulesetAsync(json, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(["modbus_proxy_port"], refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task Admins_who_see_the_plant_and_its_enforcement_points_within_their_zones_get_rulesets()
    {
        var request = new GetRulesetRequest { PlantId = "berlin", ZoneId = "cell-1", Format = RulesetFormat.Nftables };

        Assert.NotEmpty((await Flows.GetRulesetAsync(request, _server.As(Role.PlantAdmin, "berlin"))).Ruleset);
        Assert.NotEmpty((await Flows.GetRulesetAsync(request, _server.As(Role.Auditor))).Ruleset);
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => Flows.GetRulesetAsync(request, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Flows.GetRulesetAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        // A gateway bound to cell-1 fetches cell-1's ruleset, not the safety zone's.
        var gateway = await EnforcementPoint.EnrollAsync(_server, "gw-cell-1", "berlin", "cell-1");
        var own = await Flows.GetRulesetAsync(request, gateway.Credential);
        Assert.Contains("conduit:mes-to-cell-1", own.Ruleset, StringComparison.Ordinal);
        var other = await Assert.ThrowsAsync<RpcException>(() =>
            Flows.GetRulesetAsync(new GetRulesetRequest { PlantId = "berlin", ZoneId = "safety", Format = RulesetFormat.JsonAcl }, gateway.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);

        // One bound to no zone guards the whole plant; another plant's rulesets it does not see.
        var plantWide = await EnforcementPoint.EnrollAsync(_server, "gw-berlin", "berlin");
        Assert.Contains("conduit:ews-to-safety",
            (await Flows.GetRulesetAsync(new GetRulesetRequest { PlantId = "berlin", ZoneId = "safety", Format = RulesetFormat.Nftables }, plantWide.Credential)).Ruleset,
            StringComparison.Ordinal);
        var austin = await Assert.ThrowsAsync<RpcException>(() =>
            Flows.GetRulesetAsync(new GetRulesetRequest { PlantId = "austin", ZoneId = "cell-a", Format = RulesetFormat.Nftables }, plantWide.Credential).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, austin.StatusCode);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<GetRulesetResponse> GetAsync(string zone, RulesetFormat format, long atLeastEpoch = 0) =>
        await Flows.GetRulesetAsync(
            new GetRulesetRequest { PlantId = "berlin", ZoneId = zone, Format = format, AtLeastEpoch = atLeastEpoch },
            _server.As(Role.FleetAdmin));

    private Task ApplyAsync(string document) =>
        new FleetService.FleetServiceClient(_server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = document }, _server.As(Role.FleetAdmin)).ResponseAsync;
}
