using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Tests.Infrastructure;
using PolicyTrust = ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Tests.Api.Trust;

/// <summary>GetTrust explains a score; a tier drop reaches the API's decisions: write denied, view still allowed.</summary>
public sealed class TrustServiceTests : IAsyncLifetime
{
    /// <summary>Thursday 26 November 2026, 22:30 in Berlin: inside jdoe's night shift.</summary>
    private static readonly DateTimeOffset NightShift = new(2026, 11, 26, 21, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(NightShift);
    private readonly ApiServer _server;

    public TrustServiceTests() => _server = new ApiServer(_time);

    private TrustService.TrustServiceClient Trust => new(_server.Channel);

    private DecisionService.DecisionServiceClient Decisions => new(_server.Channel);

    private AccessService.AccessServiceClient Access => new(_server.Channel);

    private IClusterClient Cluster => _server.ApiServices.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_tier_drop_denies_a_write_with_trust_reduced_while_viewing_goes_on()
    {
        var mfa = await AssertTotpAsync("jdoe");
        var write = await CheckAsync("jdoe", "hmi-1", Operation.Write, mfa.Single(e => e.PlantId == "berlin").Epoch);
        Assert.True(write.Allow, write.Reason);

        await Cluster.GetGrain<IIdentityGrain>(GrainKeys.Identity(IdentityId.Parse("jdoe")))
            .SetTrustFactorAsync(new PolicyTrust.TrustFactor(PolicyTrust.TrustFactorKind.Detection, "det-api", _time.GetUtcNow(), Severity.High, Detail: "program download refused by the proxy"));
        var epoch = await Cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(PlantId.Parse("berlin"))).GetEpochAsync();

        var denied = await CheckAsync("jdoe", "hmi-1", Operation.Write, epoch);
        Assert.Equal((false, "trust-reduced", "trust:identity"), (denied.Allow, denied.Reason, denied.RuleId));
        var view = await CheckAsync("jdoe", "hmi-1", Operation.View, epoch);
        Assert.True(view.Allow, view.Reason);

        var trust = await Trust.GetTrustAsync(new GetTrustRequest { IdentityId = "jdoe" }, _server.AsSubject("berlin-admin", Role.PlantAdmin, "berlin"));
        Assert.Equal(("identity", "jdoe", 70, TrustTier.Reduced, TrustTier.Reduced), (trust.EntityKind, trust.EntityKey, trust.Score, trust.Tier, trust.EnforcedTier));
        var factor = Assert.Single(trust.Factors);
        Assert.Equal(("detection", "det-api", "high", 30.0), (factor.Kind, factor.Source, factor.Severity, factor.Points));
        Assert.Equal(70, trust.PublishedScore);
        Assert.StartsWith("identity jdoe: trust 70 (reduced)", trust.Explanation[0], StringComparison.Ordinal);
        Assert.StartsWith("-30.0: detection 'det-api'", trust.Explanation[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_asset_explains_its_cve_list()
    {
        GetTrustResponse trust;
        var tries = 0;
        do
        {
            // The plant tells the asset grain its CVE list one-way after the apply.
            trust = await Trust.GetTrustAsync(new GetTrustRequest { PlantId = "berlin", AssetId = "plc-1" }, _server.As(Role.Auditor));
        }
        while (trust.Factors.Count == 0 && ++tries < 100 && await Delay());

        Assert.Equal(("asset", "berlin/plc-1", 95, TrustTier.Trusted), (trust.EntityKind, trust.EntityKey, trust.Score, trust.EnforcedTier));
        var cve = Assert.Single(trust.Factors);
        Assert.Equal(("vulnerability", "CVE-2022-38465", "low", 5.0), (cve.Kind, cve.Source, cve.Severity, cve.Points));
        Assert.Contains("no CVSS score", cve.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_may_read_trust()
    {
        var austinAdmin = _server.AsSubject("austin-admin", Role.PlantAdmin, "austin");
        var berlinApprover = _server.AsSubject("berlin-approver", Role.Approver, "berlin");

        Assert.Equal(StatusCode.NotFound, (await Refused(new GetTrustRequest { IdentityId = "jdoe" }, austinAdmin)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Refused(new GetTrustRequest { PlantId = "berlin", AssetId = "plc-1" }, austinAdmin)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Refused(new GetTrustRequest { PlantId = "berlin", AssetId = "plc-1" }, berlinApprover)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Refused(new GetTrustRequest { PlantId = "berlin", AssetId = "plc-404" }, _server.As(Role.FleetAdmin))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Refused(new GetTrustRequest { IdentityId = "nobody" }, _server.As(Role.FleetAdmin))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(new GetTrustRequest { IdentityId = "jdoe", PlantId = "berlin" }, _server.As(Role.FleetAdmin))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(new GetTrustRequest(), _server.As(Role.FleetAdmin))).StatusCode);

        // vendor-tech is assigned to both plants: an admin of either may read it.
        Assert.Equal("vendor-tech", (await Trust.GetTrustAsync(new GetTrustRequest { IdentityId = "vendor-tech" }, austinAdmin)).EntityKey);
        Assert.Equal("jdoe", (await Trust.GetTrustAsync(new GetTrustRequest { IdentityId = "jdoe" }, _server.As(Role.Auditor))).EntityKey);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }

    private async Task<RpcException> Refused(GetTrustRequest request, CallOptions options) =>
        await Assert.ThrowsAsync<RpcException>(() => Trust.GetTrustAsync(request, options).ResponseAsync);

    private async Task<Decision> CheckAsync(string identity, string asset, Operation operation, long atLeastEpoch) =>
        (await Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = identity, AssetId = asset, Operation = operation, AtLeastEpoch = atLeastEpoch },
            _server.As(Role.FleetAdmin))).Decision;

    private async Task<IReadOnlyList<ZtFleet.Api.V1.PlantEpoch>> AssertTotpAsync(string identity)
    {
        var enrollment = await Access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = identity }, _server.As(Role.FleetAdmin));
        var secret = OtpNet.Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(enrollment.OtpauthUri).Query)["secret"]!);
        var code = new OtpNet.Totp(secret).ComputeTotp(_time.GetUtcNow().UtcDateTime);
        return (await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = identity, TotpCode = code }, _server.As(Role.FleetAdmin))).Epochs;
    }
}
