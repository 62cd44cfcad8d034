using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Tests.Policy.Monitoring.Trust;

/// <summary>Tiers of trust: boundaries, hysteresis (flapping changes nothing, a sustained crossing does), rights per tier.</summary>
public sealed class TrustTiersTests
{
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private static readonly TrustSettings Settings = TrustSettings.Default;

    [Theory]
    [InlineData(100, TrustTier.Trusted)]
    [InlineData(80, TrustTier.Trusted)]
    [InlineData(79, TrustTier.Reduced)]
    [InlineData(60, TrustTier.Reduced)]
    [InlineData(59, TrustTier.Restricted)]
    [InlineData(30, TrustTier.Restricted)]
    [InlineData(29, TrustTier.Untrusted)]
    [InlineData(0, TrustTier.Untrusted)]
    public void A_score_falls_in_the_tier_whose_lower_boundary_it_reaches(int score, TrustTier tier)
    {
        Assert.Equal(tier, TrustTiers.Of(score, Settings));
    }

    /// <summary>
    /// From an enforced tier, a score held since some minutes ago: the tier it changes to, or null. Defaults: trusted
    /// from 80, reduced from 60, restricted from 30; margin 5; drop after 5 min, rise after 30 min.
    /// </summary>
    public static TheoryData<TrustTier, int, int, TrustTier?> Boundaries => new()
    {
        { TrustTier.Trusted, 80, 60, null },
        { TrustTier.Trusted, 79, 0, null },                       // just below: wait
        { TrustTier.Trusted, 75, 0, null },                       // exactly the margin below: still wait
        { TrustTier.Trusted, 75, 4, null },
        { TrustTier.Trusted, 75, 5, TrustTier.Reduced },          // ... until 5 minutes below
        { TrustTier.Trusted, 79, 5, TrustTier.Reduced },
        { TrustTier.Trusted, 74, 0, TrustTier.Reduced },          // more than the margin: at once
        { TrustTier.Trusted, 58, 0, TrustTier.Reduced },          // past 80 by the margin, past 60 by less: one tier now
        { TrustTier.Trusted, 58, 5, TrustTier.Restricted },       // ... and the score's own tier once sustained
        { TrustTier.Trusted, 54, 0, TrustTier.Restricted },
        { TrustTier.Trusted, 10, 0, TrustTier.Untrusted },
        { TrustTier.Reduced, 84, 600, null },                     // above 80 but within the margin: never rises
        { TrustTier.Reduced, 85, 29, null },                      // the margin above, not long enough
        { TrustTier.Reduced, 85, 30, TrustTier.Trusted },
        { TrustTier.Untrusted, 100, 30, TrustTier.Trusted },      // a full recovery rises all the way
        { TrustTier.Untrusted, 64, 30, TrustTier.Restricted },    // reduced from 60, but only the margin above 30
        { TrustTier.Untrusted, 65, 30, TrustTier.Reduced },
        { TrustTier.Untrusted, 34, 30, null },                    // restricted from 30, but not the margin above
        { TrustTier.Restricted, 29, 0, null },
        { TrustTier.Restricted, 24, 0, TrustTier.Untrusted },
        { TrustTier.Unspecified, 70, 0, TrustTier.Reduced },      // no tier yet: the score's own, at once
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void The_enforced_tier_changes_past_the_margin_or_after_the_dwell(TrustTier previous, int score, int minutes, TrustTier? expected)
    {
        var change = TrustTiers.Next(previous, score, T0, Settings, T0.AddMinutes(minutes));

        Assert.Equal(expected, change?.To);
        if (change is not null)
        {
            Assert.Equal(previous, change.From);
            Assert.Equal(score, change.Score);
            Assert.Equal(T0.AddMinutes(minutes), change.At);
        }
    }

    [Fact]
    public void A_score_flapping_around_a_boundary_changes_no_tier()
    {
        // 78 and 82 alternating every minute for two hours: never 5 minutes below 80 in a row, never the margin above.
        var state = TrustTierState.New(T0);
        var changes = new List<TrustTierChange>();
        for (var minute = 0; minute < 120; minute++)
        {
            var step = TrustTiers.Observe(state, minute % 2 == 0 ? 78 : 82, Settings, T0.AddMinutes(minute));
            state = step.State;
            if (step.Change is { } change)
            {
                changes.Add(change);
            }
        }

        Assert.Empty(changes);
        Assert.Equal(TrustTier.Trusted, state.Tier);
    }

    [Fact]
    public void A_flapping_factor_costs_one_drop_and_no_flood_of_changes()
    {
        // An asset with a CVSS 9.8 CVE (score 80) whose telemetry goes stale and comes back every 2 minutes (score 65,
        // then 80 again) for two hours: it drops at once, then stays reduced while the factor flaps.
        var plc = TrustEntity.Asset(PlantId.Parse("plant-a"), AssetId.Parse("plc-1"));
        var cve = new TrustFactor(TrustFactorKind.Vulnerability, "CVE-2031-0042", T0.AddDays(-30), Cvss: 9.8);
        var state = TrustTierState.New(T0);
        var changes = new List<TrustTierChange>();
        for (var minute = 0; minute < 120; minute++)
        {
            var now = T0.AddMinutes(minute);
            TrustFactor[] factors = (minute / 2) % 2 == 1
                ? [cve, new TrustFactor(TrustFactorKind.StaleTelemetry, "plc-1", now)]
                : [cve];
            var score = TrustScorer.Score(plc, factors, Settings, now);
            var step = TrustTiers.Observe(state, score.Value, Settings, now);
            state = step.State;
            if (step.Change is { } change)
            {
                changes.Add(change);
            }
        }

        var drop = Assert.Single(changes);
        Assert.Equal((TrustTier.Trusted, TrustTier.Reduced, 65, T0.AddMinutes(2)), (drop.From, drop.To, drop.Score, drop.At));
        Assert.True(drop.Degrades);
        Assert.Equal("score 65 is 15 points below 80, more than the margin of 5", drop.Reason);
        Assert.Equal(TrustTier.Reduced, state.Tier);
    }

    [Fact]
    public void A_sustained_crossing_changes_the_tier_once_and_a_sustained_recovery_restores_it()
    {
        var state = TrustTierState.New(T0);
        var changes = new List<TrustTierChange>();
        void Observe(int minute, int score)
        {
            var step = TrustTiers.Observe(state, score, Settings, T0.AddMinutes(minute));
            state = step.State;
            if (step.Change is { } change)
            {
                changes.Add(change);
            }
        }

        for (var minute = 0; minute <= 10; minute++)
        {
            Observe(minute, 77);   // below 80 by less than the margin
        }

        for (var minute = 11; minute <= 60; minute++)
        {
            Observe(minute, 84);   // above 80, within the margin: no recovery
        }

        for (var minute = 61; minute <= 100; minute++)
        {
            Observe(minute, 90);   // the margin above: recovers after 30 minutes
        }

        Assert.Equal(
            [
                (TrustTier.Trusted, TrustTier.Reduced, T0.AddMinutes(5), "score 77 has been below 80 for 5 min (at least 5)"),
                (TrustTier.Reduced, TrustTier.Trusted, T0.AddMinutes(91), "score 90 has been at least 80 + the margin of 5 for 30 min (at least 30)"),
            ],
            changes.Select(c => (c.From, c.To, c.At, c.Reason)));
    }

    [Fact]
    public void A_drop_past_two_boundaries_by_less_than_the_margin_waits_for_the_second()
    {
        var step = TrustTiers.Observe(TrustTierState.New(T0), 58, Settings, T0);
        Assert.Equal(TrustTier.Reduced, step.Change?.To);
        Assert.Equal(new TrustTierState(TrustTier.Reduced, T0, TrustTier.Restricted, T0), step.State);

        var later = TrustTiers.Observe(step.State, 58, Settings, T0.AddMinutes(5));
        Assert.Equal(TrustTier.Restricted, later.Change?.To);
        Assert.Equal(new TrustTierState(TrustTier.Restricted, T0.AddMinutes(5), TrustTier.Restricted, null), later.State);
    }

    [Fact]
    public void A_recovery_interrupted_by_a_dip_starts_its_wait_again()
    {
        var state = new TrustTierState(TrustTier.Reduced, T0, TrustTier.Reduced, null);
        state = TrustTiers.Observe(state, 90, Settings, T0).State;                  // pending up from T0
        state = TrustTiers.Observe(state, 70, Settings, T0.AddMinutes(20)).State;   // back in its tier: forgotten
        state = TrustTiers.Observe(state, 90, Settings, T0.AddMinutes(21)).State;   // pending up from minute 21

        Assert.Null(TrustTiers.Observe(state, 90, Settings, T0.AddMinutes(50)).Change);
        Assert.Equal(TrustTier.Trusted, TrustTiers.Observe(state, 90, Settings, T0.AddMinutes(51)).Change?.To);
    }

    /// <summary>What each tier still allows (roles and grants decide the rest).</summary>
    public static TheoryData<TrustTier, Operation[]> Rights => new()
    {
        { TrustTier.Trusted, [Operation.View, Operation.Operate, Operation.Write, Operation.Program, Operation.Configure, Operation.RemoteSession] },
        { TrustTier.Reduced, [Operation.View, Operation.Operate] },   // write, program, configure, remote session: gone
        { TrustTier.Restricted, [Operation.View] },
        { TrustTier.Untrusted, [] },
        { TrustTier.Unspecified, [] },
        { (TrustTier)9, [] },
    };

    [Theory]
    [MemberData(nameof(Rights))]
    public void A_lower_tier_reduces_rights_before_it_removes_them(TrustTier tier, Operation[] allowed)
    {
        var operations = Enum.GetValues<Operation>().Append((Operation)99);

        Assert.Equal(allowed, operations.Where(o => TrustTiers.Allows(tier, o)));
    }

    [Theory]
    [InlineData(TrustTier.Trusted, null, TrustTier.Trusted)]
    [InlineData(TrustTier.Reduced, null, TrustTier.Reduced)]
    [InlineData(TrustTier.Trusted, TrustTier.Reduced, TrustTier.Reduced)]     // a suspect asset: no writes to it
    [InlineData(TrustTier.Reduced, TrustTier.Trusted, TrustTier.Reduced)]
    [InlineData(TrustTier.Trusted, TrustTier.Untrusted, TrustTier.Restricted)] // ... but it can still be watched
    [InlineData(TrustTier.Untrusted, TrustTier.Trusted, TrustTier.Untrusted)]  // an untrusted identity: nothing
    [InlineData(TrustTier.Trusted, TrustTier.Unspecified, TrustTier.Restricted)]
    [InlineData(TrustTier.Unspecified, TrustTier.Trusted, TrustTier.Unspecified)]
    public void A_request_is_bounded_by_the_lower_of_the_identitys_and_the_assets_tier(TrustTier identity, TrustTier? asset, TrustTier effective)
    {
        Assert.Equal(effective, TrustTiers.Effective(identity, asset));
    }
}
