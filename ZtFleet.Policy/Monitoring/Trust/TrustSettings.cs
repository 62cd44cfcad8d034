using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// How trust scores are computed and banded into tiers: the fleet document's <c>trust:</c> section (every key
/// optional; omitted ones take these defaults). Property names are the document's keys in camelCase.
/// </summary>
/// <remarks>
/// <para>
/// A score is 100 minus the penalties of the entity's factors: each factor counts its kind's weight times its
/// severity share, halved every half-life; a kind's factors together count at most the kind's cap; the score is
/// never below 0. See <see cref="TrustScorer"/>.
/// </para>
/// <para>
/// Tiers: a score at or above <see cref="TrustedAt"/> is trusted, at or above <see cref="ReducedAt"/> reduced, at or
/// above <see cref="RestrictedAt"/> restricted, below it untrusted. Changes of tier pass the hysteresis of
/// <see cref="TrustTiers.Next"/>: a drop happens at once when the score is more than <see cref="HysteresisMargin"/>
/// points below the boundary, otherwise after it stayed below it for <see cref="DegradeAfterMinutes"/>; a rise needs
/// the score at least <see cref="HysteresisMargin"/> points above the boundary for <see cref="RecoverAfterMinutes"/>.
/// </para>
/// </remarks>
public sealed record TrustSettings
{
    /// <summary>The settings of a fleet document without a <c>trust:</c> section.</summary>
    public static TrustSettings Default { get; } = new();

    /// <summary><c>factors.vulnerability</c>: a CVSS 10 CVE costs 20 points, all CVEs at most 40; no decay (until patched).</summary>
    public TrustFactorSettings Vulnerability { get; init; } = new(20, 40);

    /// <summary><c>factors.detection</c>: a critical open detection costs 40 points, all at most 60; half-life a day.</summary>
    public TrustFactorSettings Detection { get; init; } = new(40, 60, 1440);

    /// <summary><c>factors.mfaFailure</c>: 5 points a failure, at most 10; half-life an hour.</summary>
    /// <remarks>
    /// Capped at 10 so that a TOTP lockout (25) and the failures that caused it take off 35 points: the identity drops
    /// to <c>reduced</c> (no write, program, configure or remote session) and can still watch and run the process; a
    /// detection about it on top restricts it further.
    /// </remarks>
    public TrustFactorSettings MfaFailure { get; init; } = new(5, 10, 60);

    /// <summary><c>factors.lockout</c>: 25 points a lockout, at most 50; half-life six hours.</summary>
    public TrustFactorSettings Lockout { get; init; } = new(25, 50, 360);

    /// <summary><c>factors.quarantine</c>: 50 points while a quarantine is in force; no decay.</summary>
    public TrustFactorSettings Quarantine { get; init; } = new(50, 50);

    /// <summary><c>factors.staleTelemetry</c>: 15 points while telemetry is stale; no decay.</summary>
    public TrustFactorSettings StaleTelemetry { get; init; } = new(15, 15);

    /// <summary><c>factors.offShift</c>: 10 points an off-shift attempt, at most 30; half-life eight hours.</summary>
    public TrustFactorSettings OffShift { get; init; } = new(10, 30, 480);

    /// <summary><c>severity</c>: the share of a weight each severity counts.</summary>
    public TrustSeverityScale Severity { get; init; } = new();

    /// <summary>
    /// <c>unratedVulnerability</c>: the severity a known vulnerability without a CVSS score counts as (low, medium, high
    /// or critical; default low). A CVE id alone says the product line is affected, not how badly nor whether the
    /// attack path exists in this plant: by default a plain CVE list costs 5 points an entry (at most 40), so an asset
    /// with up to three unrated CVEs stays trusted. Set it higher to let plain CVE lists lower tiers.
    /// </summary>
    public Monitoring.Severity UnratedVulnerability { get; init; } = Monitoring.Severity.Low;

    /// <summary><c>tiers.trustedAt</c>: the lowest trusted score (1–100).</summary>
    public int TrustedAt { get; init; } = 80;

    /// <summary><c>tiers.reducedAt</c>: the lowest score of the reduced tier (below <see cref="TrustedAt"/>).</summary>
    public int ReducedAt { get; init; } = 60;

    /// <summary><c>tiers.restrictedAt</c>: the lowest score of the restricted tier (below <see cref="ReducedAt"/>, at least 1).</summary>
    public int RestrictedAt { get; init; } = 30;

    /// <summary><c>hysteresis.margin</c>: a drop more than this many points below a boundary is immediate; a rise must be at least this far above it (0–20).</summary>
    public int HysteresisMargin { get; init; } = 5;

    /// <summary><c>hysteresis.degradeAfterMinutes</c>: how long a score must stay below a boundary (by at most the margin) to drop (0–1440).</summary>
    public int DegradeAfterMinutes { get; init; } = 5;

    /// <summary><c>hysteresis.recoverAfterMinutes</c>: how long a score must stay the margin above a boundary to rise (0–1440).</summary>
    public int RecoverAfterMinutes { get; init; } = 30;

    [JsonIgnore]
    public TimeSpan DegradeAfter => TimeSpan.FromMinutes(DegradeAfterMinutes);

    [JsonIgnore]
    public TimeSpan RecoverAfter => TimeSpan.FromMinutes(RecoverAfterMinutes);

    /// <summary>
    /// The settings of <paramref name="kind"/>; an unspecified or undefined kind takes the heaviest weight, the
    /// highest cap and no decay of all kinds (an unknown signal never counts less than a known one).
    /// </summary>
    public TrustFactorSettings For(TrustFactorKind kind) => kind switch
    {
        TrustFactorKind.Vulnerability => Vulnerability,
        TrustFactorKind.Detection => Detection,
        TrustFactorKind.MfaFailure => MfaFailure,
        TrustFactorKind.Lockout => Lockout,
        TrustFactorKind.Quarantine => Quarantine,
        TrustFactorKind.StaleTelemetry => StaleTelemetry,
        TrustFactorKind.OffShift => OffShift,
        _ => new TrustFactorSettings(Kinds().Max(k => k.Settings.Weight), Kinds().Max(k => k.Settings.Cap)),
    };

    /// <summary>The problems of these settings as (document path, description); empty when usable.</summary>
    public IReadOnlyList<(string Field, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        foreach (var (name, factor) in Kinds())
        {
            if (factor is null)
            {
                problems.Add(($"trust.factors.{name}", "is missing"));
                continue;
            }

            Range(problems, $"trust.factors.{name}.weight", factor.Weight, 0, 100);
            Range(problems, $"trust.factors.{name}.cap", factor.Cap, 0, 100);
            Range(problems, $"trust.factors.{name}.halfLifeMinutes", factor.HalfLifeMinutes, 0, TrustFactorSettings.MaxHalfLifeMinutes);
        }

        if (Severity is null)
        {
            problems.Add(("trust.severity", "is missing"));
        }
        else
        {
            Range(problems, "trust.severity.low", Severity.Low, 0, 100);
            Range(problems, "trust.severity.medium", Severity.Medium, Severity.Low, 100);
            Range(problems, "trust.severity.high", Severity.High, Severity.Medium, 100);
            Range(problems, "trust.severity.critical", Severity.Critical, Severity.High, 100);
        }

        if (UnratedVulnerability is < Monitoring.Severity.Low or > Monitoring.Severity.Critical)
        {
            problems.Add(("trust.unratedVulnerability", "must be low, medium, high or critical"));
        }

        Range(problems, "trust.tiers.trustedAt", TrustedAt, 3, 100);
        Range(problems, "trust.tiers.reducedAt", ReducedAt, 2, TrustedAt - 1);
        Range(problems, "trust.tiers.restrictedAt", RestrictedAt, 1, ReducedAt - 1);

        // A margin as wide as a tier would let one reading jump over the tier the hysteresis should hold. Checked
        // against valid tiers only: a tier out of order is one problem, not a second one about the margin.
        var tiersValid = TrustedAt is >= 3 and <= 100 && ReducedAt >= 2 && ReducedAt < TrustedAt && RestrictedAt >= 1 && RestrictedAt < ReducedAt;
        var narrowest = tiersValid ? Math.Min(TrustedAt - ReducedAt, ReducedAt - RestrictedAt) : 21;
        Range(problems, "trust.hysteresis.margin", HysteresisMargin, 0, Math.Min(20, narrowest - 1));
        Range(problems, "trust.hysteresis.degradeAfterMinutes", DegradeAfterMinutes, 0, 1440);
        Range(problems, "trust.hysteresis.recoverAfterMinutes", RecoverAfterMinutes, 0, 1440);
        return problems;
    }

    private IEnumerable<(string Name, TrustFactorSettings Settings)> Kinds() =>
    [
        ("vulnerability", Vulnerability),
        ("detection", Detection),
        ("mfaFailure", MfaFailure),
        ("lockout", Lockout),
        ("quarantine", Quarantine),
        ("staleTelemetry", StaleTelemetry),
        ("offShift", OffShift),
    ];

    private static void Range(List<(string, string)> problems, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add((field, $"{value} is not between {min} and {max}"));
        }
    }
}
