using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Tests.Policy.Monitoring.Trust;

/// <summary>The trust score: what each factor kind takes off, decay, caps per kind, the floor at 0, the explanation.</summary>
public sealed class TrustScorerTests
{
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private static readonly TrustSettings Settings = TrustSettings.Default;
    private static readonly TrustEntity Plc = TrustEntity.Asset(PlantId.Parse("plant-a"), AssetId.Parse("plc-1"));
    private static readonly TrustEntity Contractor = TrustEntity.Identity(IdentityId.Parse("vic"));

    /// <summary>One new factor of each kind (and severity): the points it takes off with the default settings.</summary>
    public static TheoryData<TrustFactorKind, Severity, double?, double, int> NewFactors => new()
    {
        { TrustFactorKind.Vulnerability, Severity.Unspecified, 9.8, 19.6, 80 },   // weight 20 × CVSS / 10
        { TrustFactorKind.Vulnerability, Severity.Low, 5.0, 10, 90 },             // the CVSS score wins over the severity
        { TrustFactorKind.Vulnerability, Severity.High, null, 15, 85 },           // no CVSS: the severity's share
        { TrustFactorKind.Vulnerability, Severity.Unspecified, null, 20, 80 },    // unrated counts as critical
        { TrustFactorKind.Vulnerability, Severity.Low, 12.5, 20, 80 },            // a CVSS out of range counts as 10
        { TrustFactorKind.Vulnerability, Severity.Low, double.NaN, 20, 80 },
        { TrustFactorKind.Detection, Severity.Critical, null, 40, 60 },
        { TrustFactorKind.Detection, Severity.High, null, 30, 70 },
        { TrustFactorKind.Detection, Severity.Medium, null, 20, 80 },
        { TrustFactorKind.Detection, Severity.Low, null, 10, 90 },
        { TrustFactorKind.Detection, Severity.Unspecified, null, 40, 60 },
        { TrustFactorKind.Detection, (Severity)99, null, 40, 60 },
        { TrustFactorKind.MfaFailure, Severity.Low, null, 5, 95 },                // counted, not rated
        { TrustFactorKind.Lockout, Severity.Unspecified, null, 25, 75 },
        { TrustFactorKind.Quarantine, Severity.Unspecified, null, 50, 50 },
        { TrustFactorKind.StaleTelemetry, Severity.Unspecified, null, 15, 85 },
        { TrustFactorKind.OffShift, Severity.Unspecified, null, 10, 90 },
        { TrustFactorKind.Unspecified, Severity.Unspecified, null, 50, 50 },      // unknown: the heaviest weight
        { (TrustFactorKind)42, Severity.Low, null, 50, 50 },
    };

    [Theory]
    [MemberData(nameof(NewFactors))]
    public void Each_factor_kind_takes_off_its_weight_times_its_severity(TrustFactorKind kind, Severity severity, double? cvss, double points, int value)
    {
        var score = TrustScorer.Score(Plc, [new TrustFactor(kind, "src-1", T0, severity, cvss)], Settings, T0);

        var contribution = Assert.Single(score.Contributions);
        Assert.Equal(points, contribution.Points, 6);
        Assert.Equal(points, contribution.Full, 6);
        Assert.False(contribution.Capped);
        Assert.Equal(value, score.Value);
    }

    [Fact]
    public void Nothing_observed_is_fully_trusted()
    {
        var score = TrustScorer.Score(Contractor, [], Settings, T0);

        Assert.Equal(100, score.Value);
        Assert.Equal(TrustTier.Trusted, score.Tier);
        Assert.Equal(["identity vic: trust 100 (trusted) at 2031-03-14T06:00Z, nothing lowers it"], score.Explanation());
    }

    /// <summary>A factor of each kind observed some hours before scoring: points left after decay.</summary>
    public static TheoryData<TrustFactorKind, double, double> Decayed => new()
    {
        { TrustFactorKind.MfaFailure, 1, 2.5 },          // half-life 1 h: half of 5
        { TrustFactorKind.MfaFailure, 2, 1.25 },         // two half-lives: a quarter
        { TrustFactorKind.MfaFailure, 0.5, 5 / Math.Sqrt(2) },
        { TrustFactorKind.Lockout, 6, 12.5 },            // half-life 6 h
        { TrustFactorKind.OffShift, 8, 5 },              // half-life 8 h
        { TrustFactorKind.Detection, 24, 20 },           // critical, half-life a day
        { TrustFactorKind.Detection, 72, 5 },
        { TrustFactorKind.Vulnerability, 24 * 365, 20 }, // a CVE does not fade: it counts until patched
        { TrustFactorKind.Quarantine, 24 * 30, 50 },     // nor a quarantine in force
        { TrustFactorKind.StaleTelemetry, 24 * 7, 15 },  // nor stale telemetry
        { TrustFactorKind.MfaFailure, -1, 5 },           // dated in the future (clock skew): counts as new
    };

    [Theory]
    [MemberData(nameof(Decayed))]
    public void A_factor_counts_half_after_each_half_life_of_its_kind(TrustFactorKind kind, double hoursAgo, double points)
    {
        var factor = new TrustFactor(kind, "src-1", T0.AddHours(-hoursAgo), Severity.Critical);

        var contribution = Assert.Single(TrustScorer.Score(Contractor, [factor], Settings, T0).Contributions);

        Assert.Equal(points, contribution.Points, 6);
        Assert.Equal(points, contribution.Decayed, 6);
    }

    [Fact]
    public void A_kinds_factors_count_at_most_its_cap_and_the_lightest_are_cut()
    {
        // Six MFA failures (5 points each when new) at 0..50 minutes ago: 30 points before the cap of 20.
        var failures = Enumerable.Range(0, 6)
            .Select(i => new TrustFactor(TrustFactorKind.MfaFailure, $"auth-{i}", T0.AddMinutes(-10 * i)))
            .ToList();

        var score = TrustScorer.Score(Contractor, failures, Settings with { MfaFailure = new TrustFactorSettings(5, 20, 60) }, T0);

        Assert.Equal(20, score.Penalty, 6);
        Assert.Equal(80, score.Value);
        var bySource = score.Contributions.ToDictionary(c => c.Factor.Source);
        Assert.Equal(5, bySource["auth-0"].Points, 6);
        Assert.False(bySource["auth-0"].Capped);
        Assert.False(bySource["auth-3"].Capped);
        Assert.True(bySource["auth-4"].Capped);   // the cap runs out during the fifth newest
        Assert.Equal(0, bySource["auth-5"].Points, 6);
        Assert.True(bySource["auth-5"].Capped);
        Assert.Contains("cut by the cap of 20 points for mfaFailure", bySource["auth-5"].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Caps_are_per_kind()
    {
        // Three critical CVEs (60, cap 40) and three off-shift attempts (30, cap 30): 70 points, score 30.
        var factors = new[] { "CVE-2031-0001", "CVE-2031-0002", "CVE-2031-0003" }
            .Select(cve => new TrustFactor(TrustFactorKind.Vulnerability, cve, T0, Cvss: 10))
            .Concat(Enumerable.Range(0, 3).Select(i => new TrustFactor(TrustFactorKind.OffShift, $"auth-{i}", T0)));

        var score = TrustScorer.Score(Contractor, factors, Settings, T0);

        Assert.Equal(70, score.Penalty, 6);
        Assert.Equal(30, score.Value);
        Assert.Equal(TrustTier.Restricted, score.Tier);
    }

    [Fact]
    public void The_weighted_sum_takes_the_score_to_0_and_no_lower()
    {
        var factors = new[]
        {
            new TrustFactor(TrustFactorKind.Quarantine, "q-incident-7", T0),
            new TrustFactor(TrustFactorKind.Detection, "det-1", T0, Severity.Critical),
            new TrustFactor(TrustFactorKind.Detection, "det-2", T0, Severity.Critical),
            new TrustFactor(TrustFactorKind.Vulnerability, "CVE-2031-0001", T0, Cvss: 9.8),
        };

        var score = TrustScorer.Score(Plc, factors, Settings, T0);

        Assert.Equal(50 + 60 + 19.6, score.Penalty, 6);
        Assert.Equal(0, score.Value);
        Assert.Equal(TrustTier.Untrusted, score.Tier);
    }

    [Theory]
    [InlineData(1, 2, 100)]   // a quarter point
    [InlineData(1, 1, 99)]    // half a point rounds away from full trust
    [InlineData(40, 1, 80)]
    [InlineData(41, 1, 79)]   // 20.5 points
    public void The_score_is_100_minus_the_rounded_penalty(int weight, int halfLives, int value)
    {
        var settings = Settings with { MfaFailure = new TrustFactorSettings(weight, 100, 60) };
        var factor = new TrustFactor(TrustFactorKind.MfaFailure, "auth-1", T0.AddHours(-halfLives));

        Assert.Equal(value, TrustScorer.Score(Contractor, [factor], settings, T0).Value);
    }

    [Fact]
    public void The_explanation_lists_every_factor_with_its_source_and_contribution_heaviest_first()
    {
        var factors = new[]
        {
            new TrustFactor(TrustFactorKind.MfaFailure, "auth-981", T0.AddHours(-1)),
            new TrustFactor(TrustFactorKind.Vulnerability, "CVE-2031-0042", T0.AddDays(-30), Cvss: 9.8, Detail: "Modbus stack overflow"),
            new TrustFactor(TrustFactorKind.Detection, "det-17", T0.AddHours(-24), Severity.High),
            new TrustFactor(TrustFactorKind.StaleTelemetry, "plc-1", T0.AddMinutes(-20)),
        };

        var score = TrustScorer.Score(Plc, factors, Settings, T0);

        // Equal contributions: the newer first.
        Assert.Equal(["CVE-2031-0042", "plc-1", "det-17", "auth-981"], score.Contributions.Select(c => c.Factor.Source));
        Assert.Equal(
            [
                "asset plant-a/plc-1: trust 48 (restricted) at 2031-03-14T06:00Z, 4 factor(s) take off 52.1 points",
                "-19.6: vulnerability 'CVE-2031-0042' 'Modbus stack overflow' (CVSS 9.8, 30 d ago)",
                "-15.0: staleTelemetry 'plc-1' (20 min ago)",
                "-15.0: detection 'det-17' (high, 24 h ago, 30.0 decayed to 15.0 (half-life 24 h))",
                "-2.5: mfaFailure 'auth-981' (1 h ago, 5.0 decayed to 2.5 (half-life 1 h))",
            ],
            score.Explanation());
    }

    [Fact]
    public void The_default_settings_have_no_problems_and_broken_ones_name_their_document_field()
    {
        Assert.Empty(TrustSettings.Default.Problems());

        var broken = TrustSettings.Default with
        {
            MfaFailure = new TrustFactorSettings(-1, 20, 60),
            ReducedAt = 85,
            HysteresisMargin = 25,
        };

        Assert.Equal(
            ["trust.factors.mfaFailure.weight", "trust.tiers.reducedAt", "trust.hysteresis.margin"],
            broken.Problems().Select(p => p.Field));
    }
}
