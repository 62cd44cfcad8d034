using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;
using static ZtFleet.Tests.Policy.Access.AccessSamples;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>The trust tier in decisions: rights shrink before they vanish; an asset's posture never takes viewing away.</summary>
public sealed class EngineTrustTests
{
    private static readonly Operation[] Everything = [Operation.View, Operation.Operate, Operation.Write, Operation.Program, Operation.Configure];

    // identity tier, asset tier (null: never lowered), operation, expected: "allow" or the deny's rule id
    public static readonly TheoryData<TrustTier, TrustTier?, Operation, string> Cases = new()
    {
        { TrustTier.Trusted, null, Operation.Write, "allow" },
        { TrustTier.Trusted, TrustTier.Trusted, Operation.Program, "allow" },
        { TrustTier.Reduced, null, Operation.Write, Engine.TrustIdentityRule },
        { TrustTier.Reduced, null, Operation.Program, Engine.TrustIdentityRule },
        { TrustTier.Reduced, null, Operation.Configure, Engine.TrustIdentityRule },
        { TrustTier.Reduced, null, Operation.Operate, "allow" },
        { TrustTier.Reduced, null, Operation.View, "allow" },
        { TrustTier.Restricted, null, Operation.Operate, Engine.TrustIdentityRule },
        { TrustTier.Restricted, null, Operation.View, "allow" },
        { TrustTier.Untrusted, null, Operation.View, Engine.TrustIdentityRule },
        { TrustTier.Unspecified, null, Operation.View, Engine.TrustIdentityRule },
        { (TrustTier)9, null, Operation.View, Engine.TrustIdentityRule },
        { TrustTier.Trusted, TrustTier.Reduced, Operation.Write, Engine.TrustAssetRule },
        { TrustTier.Trusted, TrustTier.Reduced, Operation.Operate, "allow" },
        { TrustTier.Trusted, TrustTier.Restricted, Operation.Operate, Engine.TrustAssetRule },
        { TrustTier.Trusted, TrustTier.Restricted, Operation.View, "allow" },
        { TrustTier.Trusted, TrustTier.Untrusted, Operation.View, "allow" },       // watching a suspect PLC goes on
        { TrustTier.Trusted, TrustTier.Untrusted, Operation.Operate, Engine.TrustAssetRule },
        { TrustTier.Reduced, TrustTier.Restricted, Operation.Operate, Engine.TrustAssetRule },
        { TrustTier.Restricted, TrustTier.Reduced, Operation.Operate, Engine.TrustIdentityRule },
        { TrustTier.Untrusted, TrustTier.Untrusted, Operation.View, Engine.TrustIdentityRule },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_lower_tier_bounds_what_roles_and_grants_allow(TrustTier identityTier, TrustTier? assetTier, Operation operation, string expected)
    {
        var snapshot = WithTiers(identityTier, assetTier);

        var decision = Engine.Decide(Asset("ana", "plc-1", operation), snapshot, Night);

        if (expected == "allow")
        {
            Assert.True(decision.IsAllowed, $"{decision.Reason} {decision.RuleId}");
        }
        else
        {
            Assert.Equal((DecisionEffect.Deny, DecisionReasons.TrustReduced, expected), (decision.Effect, decision.Reason, decision.RuleId));
        }
    }

    [Fact]
    public void The_explanation_names_the_tier_and_who_lowered_it()
    {
        var facts = Engine.Explain(Asset("ana", "plc-1", Operation.Write), WithTiers(TrustTier.Trusted, TrustTier.Reduced), Night).Facts;

        Assert.Contains(facts, f => f.Contains("trust tier reduced (asset plc-1 is reduced) does not allow write", StringComparison.Ordinal));
    }

    [Fact]
    public void Break_glass_on_a_safety_related_asset_goes_past_the_tier()
    {
        var snapshot = WithTiers(TrustTier.Untrusted, TrustTier.Untrusted, "sis-1");

        Assert.Equal(DecisionReasons.TrustReduced, Engine.Decide(Asset("ana", "sis-1", Operation.Operate), snapshot, Night).Reason);
        var emergency = Engine.Decide(Asset("ana", "sis-1", Operation.Operate, emergency: true), snapshot, Night);
        Assert.Equal((DecisionEffect.Allow, DecisionReasons.BreakGlass), (emergency.Effect, emergency.Reason));
    }

    [Fact]
    public void A_quarantine_is_checked_before_the_tier()
    {
        var snapshot = WithTiers(TrustTier.Reduced, null);
        var quarantined = snapshot.Apply(new QuarantineChanged(snapshot.Epoch + 1, Night, [new AssetQuarantine(AssetId.Parse("plc-1"), QuarantineMode.RestrictWrites, [], "q-1", Night, "test")]));

        Assert.Equal(DecisionReasons.Quarantined, Engine.Decide(Asset("ana", "plc-1", Operation.Write), quarantined, Night).Reason);
    }

    [Fact]
    public void A_zone_request_is_bounded_by_the_identity_tier_alone()
    {
        var snapshot = WithTiers(TrustTier.Trusted, TrustTier.Untrusted);
        Assert.NotEqual(DecisionReasons.TrustReduced, Engine.Decide(Zone("ana", "cell-1", Operation.View), snapshot, Night).Reason);

        var reduced = WithTiers(TrustTier.Reduced, null);
        Assert.Equal(DecisionReasons.TrustReduced, Engine.Decide(Zone("ana", "cell-1", Operation.Write), reduced, Night).Reason);
    }

    [Fact]
    public void Asset_tier_deltas_move_the_index_and_a_trusted_tier_leaves_it()
    {
        var snapshot = Snapshot();
        var plc = AssetId.Parse("plc-1");
        var reduced = snapshot.Apply(new AssetTrustChanged(snapshot.Epoch + 1, Night, new AssetTrust(plc, TrustTier.Reduced, 62), "score 62"));
        Assert.Equal(TrustTier.Reduced, reduced.TrustTierOf(plc));
        Assert.Equal([new AssetTrust(plc, TrustTier.Reduced, 62)], reduced.AssetTrust);
        Assert.Equal(snapshot.SegmentationEpoch, reduced.SegmentationEpoch);

        // Other deltas carry the index along.
        var next = reduced.Apply(new IdentityChanged(reduced.Epoch + 1, Night, Identity(reduced, "ana"), IdentityChangeReasons.Mfa));
        Assert.Equal(TrustTier.Reduced, next.TrustTierOf(plc));

        var trusted = next.Apply(new AssetTrustChanged(next.Epoch + 1, Night, new AssetTrust(plc, TrustTier.Trusted, 90)));
        Assert.Equal(TrustTier.Trusted, trusted.TrustTierOf(plc));
        Assert.Empty(trusted.AssetTrust);
    }

    [Fact]
    public void Tier_deltas_round_trip_as_json_and_old_identities_read_as_trusted()
    {
        var delta = new AssetTrustChanged(7, Night, new AssetTrust(AssetId.Parse("plc-1"), TrustTier.Restricted, 41), "score 41");
        var json = PlantDeltaJson.Serialize(delta);
        Assert.Contains("\"kind\":\"asset-trust-changed\"", json, StringComparison.Ordinal);
        Assert.Equal(delta, PlantDeltaJson.Deserialize(json));

        var ana = Identity(Snapshot(), "ana");
        var written = PlantDeltaJson.Serialize(new IdentityChanged(3, Night, ana, IdentityChangeReasons.Trust));
        var withoutTier = written.Replace(",\"TrustTier\":\"Trusted\"", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(written, withoutTier);
        var read = (IdentityChanged)PlantDeltaJson.Deserialize(withoutTier);
        Assert.Equal(TrustTier.Trusted, read.Identity.TrustTier);
    }

    private static PlantSnapshot WithTiers(TrustTier identityTier, TrustTier? assetTier, string asset = "plc-1")
    {
        var snapshot = Snapshot();
        var grant = Grant("g-9", "ana", Everything, [asset], Night.AddHours(-1), Night.AddHours(1));
        var ana = Identity(snapshot, "ana") with { Grants = [grant], Mfa = new MfaState(Night, "totp"), TrustTier = identityTier };
        snapshot = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, ana, IdentityChangeReasons.Trust));
        return assetTier is { } tier
            ? snapshot.Apply(new AssetTrustChanged(snapshot.Epoch + 1, Night, new AssetTrust(AssetId.Parse(asset), tier, 50)))
            : snapshot;
    }
}
