using System.Globalization;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// Computes trust scores: a pure function of the entity's factors, the settings and the instant (no clock).
/// </summary>
/// <remarks>
/// A factor counts its kind's weight times its severity share (a vulnerability with a CVSS score: weight × CVSS / 10),
/// halved every half-life of its kind since it was observed (a factor dated in the future counts as new). The
/// factors of one kind count together at most the kind's cap; the heaviest are counted first, so the ones the cap
/// cuts are the lightest. The score is 100 minus the rounded sum, never below 0.
/// </remarks>
public static class TrustScorer
{
    /// <summary>The score of a fully trusted entity (nothing lowers it).</summary>
    public const int Full = 100;

    /// <summary>Scores <paramref name="entity"/> with <paramref name="factors"/> at <paramref name="now"/>.</summary>
    public static TrustScore Score(TrustEntity entity, IEnumerable<TrustFactor> factors, TrustSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(settings);

        var contributions = new List<TrustContribution>();
        var penalty = 0.0;
        foreach (var kind in factors
                     .Select(f => f ?? throw new ArgumentException("a trust factor is null", nameof(factors)))
                     .GroupBy(f => f.Kind))
        {
            var kindSettings = settings.For(kind.Key);
            var room = (double)kindSettings.Cap;
            foreach (var (factor, full, decayed) in kind
                         .Select(f => (Factor: f, Full: FullPoints(f, kindSettings, settings.Severity), Decayed: 0.0))
                         .Select(x => (x.Factor, x.Full, Decayed: Decay(x.Full, x.Factor.At, kindSettings.HalfLife, now)))
                         .OrderByDescending(x => x.Decayed)
                         .ThenByDescending(x => x.Factor.At)
                         .ThenBy(x => x.Factor.Source, StringComparer.Ordinal))
            {
                var points = Math.Min(decayed, room);
                room -= points;
                penalty += points;
                contributions.Add(new TrustContribution(factor, full, decayed, points, Explain(factor, full, decayed, points, kindSettings, now)));
            }
        }

        var ordered = contributions
            .OrderByDescending(c => c.Points)
            .ThenByDescending(c => c.Decayed)
            .ThenByDescending(c => c.Factor.At)
            .ThenBy(c => c.Factor.Kind)
            .ThenBy(c => c.Factor.Source, StringComparer.Ordinal)
            .ToList();
        var value = Full - (int)Math.Round(Math.Min(penalty, Full), MidpointRounding.AwayFromZero);
        return new TrustScore(entity, value, TrustTiers.Of(value, settings), penalty, now, ordered);
    }

    /// <summary>
    /// Points a factor takes off when new: its kind's weight times its severity share, or times CVSS / 10 for a
    /// vulnerability with a score (a score outside 0–10 or not a number counts as 10).
    /// </summary>
    public static double FullPoints(TrustFactor factor, TrustFactorSettings kind, TrustSeverityScale severity)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(severity);
        double share;
        if (factor.Kind == TrustFactorKind.Vulnerability && factor.Cvss is { } cvss)
        {
            share = cvss is >= 0 and <= 10 ? cvss / 10 : 1;
        }
        else if (factor.Kind is TrustFactorKind.Vulnerability or TrustFactorKind.Detection)
        {
            share = severity.Of(factor.Severity);
        }
        else
        {
            // MFA failures, lockouts, quarantines, stale telemetry and off-shift attempts weigh by count, not severity.
            share = 1;
        }

        return kind.Weight * share;
    }

    /// <summary><paramref name="full"/> halved for every <paramref name="halfLife"/> since <paramref name="at"/>; null: no decay.</summary>
    public static double Decay(double full, DateTimeOffset at, TimeSpan? halfLife, DateTimeOffset now)
    {
        if (halfLife is not { } h || now <= at)
        {
            return full;
        }

        return full * Math.Pow(0.5, (now - at) / h);
    }

    private static string Explain(TrustFactor factor, double full, double decayed, double points, TrustFactorSettings kind, DateTimeOffset now)
    {
        var rating = factor.Kind == TrustFactorKind.Vulnerability && factor.Cvss is { } cvss
            ? string.Create(CultureInfo.InvariantCulture, $"CVSS {cvss:0.0}, ")
            : factor.Kind is TrustFactorKind.Vulnerability or TrustFactorKind.Detection
                ? $"{TrustVocabulary.Name(factor.Severity)}, "
                : string.Empty;
        var age = now - factor.At;
        var when = age <= TimeSpan.Zero ? "now" : $"{Age(age)} ago";
        var decay = kind.HalfLife is { } h && age > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $", {full:0.0} decayed to {decayed:0.0} (half-life {Age(h)})")
            : string.Empty;
        var cap = points < decayed
            ? string.Create(CultureInfo.InvariantCulture, $", cut by the cap of {kind.Cap} points for {TrustVocabulary.Name(factor.Kind)}")
            : string.Empty;
        var detail = string.IsNullOrEmpty(factor.Detail) ? string.Empty : $" {Echo.Of(factor.Detail)}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"-{points:0.0}: {TrustVocabulary.Name(factor.Kind)} {Echo.Of(factor.Source)}{detail} ({rating}{when}{decay}{cap})");
    }

    private static string Age(TimeSpan age) =>
        age >= TimeSpan.FromDays(2) ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:0.#} d")
        : age >= TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0.#} h")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)age.TotalMinutes)} min");
}
