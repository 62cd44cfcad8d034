using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Grains.Trust;

/// <summary>Factors in the asset and identity grains become tier changes, and tier changes become plant deltas.</summary>
[Collection(TrustClusterCollection.Name)]
public sealed class TrustGrainTests(TrustClusterFixture fixture)
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly PlantId Austin = PlantId.Parse("austin");

    private static DateTimeOffset Now => TrustClusterFixture.Time.GetUtcNow();

    [Fact]
    public async Task A_factor_that_crosses_a_tier_is_one_delta_and_GetTrust_explains_it()
    {
        var before = await Plant(Berlin).GetEpochAsync();

        await Asset("hmi-1").SetTrustFactorAsync(new TrustFactor(TrustFactorKind.Detection, "det-1", Now, Severity.Critical, Detail: "write outside the baseline"));

        var change = Assert.Single(await AssetTrustChanges(Berlin, before), c => c.Trust.Asset.Value == "hmi-1");
        Assert.Equal((TrustTier.Reduced, 60), (change.Trust.Tier, change.Trust.Score));
        var report = await Asset("hmi-1").GetTrustAsync();
        Assert.Equal((60, TrustTier.Reduced), (report.Score.Value, report.Enforced.Tier));
        var explanation = report.Score.Explanation();
        Assert.StartsWith("asset berlin/hmi-1: trust 60 (reduced)", explanation[0], StringComparison.Ordinal);
        Assert.Contains(explanation, l => l.StartsWith("-40.0: detection 'det-1'", StringComparison.Ordinal));

        // The plant's snapshot data carries the tier for views built from scratch.
        var snapshot = await Plant(Berlin).GetSnapshotAsync();
        Assert.Contains(new AssetTrust(AssetId.Parse("hmi-1"), TrustTier.Reduced, 60), snapshot!.AssetTrust!);
    }

    [Fact]
    public async Task Hysteresis_holds_a_flapping_factor_to_one_delta()
    {
        var ews = Asset("ews-1");
        await ews.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.Detection, "det-base", Now, Severity.Medium));
        var before = await Plant(Berlin).GetEpochAsync();

        for (var i = 0; i < 5; i++)
        {
            await ews.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.StaleTelemetry, "ews-1", Now));
            await ews.RemoveTrustFactorAsync(TrustFactorKind.StaleTelemetry, "ews-1");
        }

        var change = Assert.Single(await AssetTrustChanges(Berlin, before), c => c.Trust.Asset.Value == "ews-1");
        Assert.Equal(TrustTier.Reduced, change.Trust.Tier);
        Assert.Equal(TrustTier.Reduced, (await ews.GetTrustAsync()).Enforced.Tier);
    }

    [Fact]
    public async Task A_decaying_factor_recovers_the_tier_only_after_the_wait()
    {
        var mes = Asset("mes-1");
        var before = await Plant(Berlin).GetEpochAsync();
        await mes.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.Detection, "det-2", Now, Severity.Critical));

        TrustClusterFixture.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal((80, TrustTier.Reduced), Of(await mes.GetTrustAsync()));      // 80 is not the margin above 80
        TrustClusterFixture.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal((90, TrustTier.Reduced), Of(await mes.GetTrustAsync()));      // pending: the recovery wait starts
        TrustClusterFixture.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(TrustTier.Reduced, (await mes.GetTrustAsync()).Enforced.Tier);
        TrustClusterFixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TrustTier.Trusted, (await mes.GetTrustAsync()).Enforced.Tier);

        var changes = (await AssetTrustChanges(Berlin, before)).Where(c => c.Trust.Asset.Value == "mes-1").Select(c => c.Trust.Tier);
        Assert.Equal([TrustTier.Reduced, TrustTier.Trusted], changes);
    }

    [Fact]
    public async Task An_identity_tier_change_reaches_every_plant_and_a_min_trust_crossing_is_published_too()
    {
        var vendor = fixture.Grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(IdentityId.Parse("vendor-tech")));
        var berlinBefore = await Plant(Berlin).GetEpochAsync();
        var austinBefore = await Plant(Austin).GetEpochAsync();

        await vendor.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.Detection, "det-7", Now, Severity.High));

        foreach (var (plant, before) in new[] { (Berlin, berlinBefore), (Austin, austinBefore) })
        {
            var changed = Assert.Single(await IdentityChanges(plant, before), c => c.Identity.Id.Value == "vendor-tech");
            Assert.Equal((IdentityChangeReasons.Trust, TrustTier.Reduced, 70), (changed.Reason, changed.Identity.TrustTier, changed.Identity.Trust));
        }

        // 50, restricted; then two MFA failures take it to 40: the role's minTrust 50 is crossed by more than the
        // margin while the tier stays, so the score is published again.
        await vendor.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.Detection, "det-9", Now, Severity.Medium));
        var middle = await Plant(Berlin).GetEpochAsync();
        await vendor.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.MfaFailure, "auth-1", Now));
        Assert.Empty(await IdentityChanges(Berlin, middle));
        await vendor.SetTrustFactorAsync(new TrustFactor(TrustFactorKind.MfaFailure, "auth-2", Now));

        var crossing = Assert.Single(await IdentityChanges(Berlin, middle));
        Assert.Equal((TrustTier.Restricted, 40), (crossing.Identity.TrustTier, crossing.Identity.Trust));
        Assert.Equal((TrustTier.Restricted, 40), ((await vendor.GetRuntimeAsync()).EnforcedTier, (await vendor.GetRuntimeAsync()).Trust));
    }

    [Fact]
    public async Task A_totp_lockout_lowers_the_identity_and_explains_why()
    {
        var jdoe = fixture.Grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(IdentityId.Parse("jdoe")));
        await jdoe.EnrollTotpAsync(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => jdoe.AssertTotpAsync("000000", null, "test"));
        }

        var report = await jdoe.GetTrustAsync();
        Assert.Equal(65, report.Score.Value);   // 5 failures (capped at 10) and a lockout (25): reduced, still operates
        Assert.Contains(report.Score.Contributions, c => c.Factor.Kind == TrustFactorKind.Lockout);
        Assert.Equal(TrustTier.Reduced, report.Enforced.Tier);
        Assert.Equal(TrustTier.Reduced, (await jdoe.GetRuntimeAsync()).EnforcedTier);
    }

    [Fact]
    public async Task A_quarantine_is_a_factor_while_in_force_and_its_lift_restores_the_tier_at_once()
    {
        var jump = Asset("jump-1");
        await Plant(Berlin).SetQuarantineAsync(new AssetQuarantine(AssetId.Parse("jump-1"), QuarantineMode.RestrictWrites, [], "q-trust", Now, "test"), null);
        var quarantined = await EventuallyAsync(jump, r => r.Enforced.Tier == TrustTier.Restricted);
        Assert.Contains(quarantined.Score.Contributions, c => c.Factor is { Kind: TrustFactorKind.Quarantine, Source: "q-trust" });

        await Plant(Berlin).LiftQuarantineAsync(AssetId.Parse("jump-1"), "q-trust");
        var lifted = await EventuallyAsync(jump, r => r.Enforced.Tier == TrustTier.Trusted);
        Assert.Equal(100, lifted.Score.Value);
    }

    [Fact]
    public async Task A_cve_list_is_counted_as_unrated_low_vulnerabilities()
    {
        var plc = await EventuallyAsync(Asset("plc-1"), r => r.Score.Contributions.Count == 1);

        var cve = Assert.Single(plc.Score.Contributions);
        Assert.Equal(("CVE-2022-38465", 5.0), (cve.Factor.Source, cve.Points));
        Assert.Equal(TrustTier.Trusted, plc.Enforced.Tier);
    }

    private static (int, TrustTier) Of(ZtFleet.Grains.Trust.TrustReport report) => (report.Score.Value, report.Enforced.Tier);

    /// <summary>Waits for what a plant tells an asset grain one-way (bounded; the effect is asynchronous, not timed).</summary>
    private static async Task<ZtFleet.Grains.Trust.TrustReport> EventuallyAsync(IAssetGrain asset, Func<ZtFleet.Grains.Trust.TrustReport, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var report = await asset.GetTrustAsync();
            if (done(report) || i == 100)
            {
                Assert.True(done(report), string.Join("\n", report.Score.Explanation()));
                return report;
            }

            await Task.Delay(50);
        }
    }

    private IAssetGrain Asset(string id) => fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(Berlin, AssetId.Parse(id)));

    private IPlantGrain Plant(PlantId plant) => fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));

    private async Task<List<AssetTrustChanged>> AssetTrustChanges(PlantId plant, long after) =>
        (await Plant(plant).ReadDeltasAsync(after, 1000)).Select(DeltaSerializer.FromRecord).OfType<AssetTrustChanged>().ToList();

    private async Task<List<IdentityChanged>> IdentityChanges(PlantId plant, long after) =>
        (await Plant(plant).ReadDeltasAsync(after, 1000)).Select(DeltaSerializer.FromRecord).OfType<IdentityChanged>().ToList();
}
