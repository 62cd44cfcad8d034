using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Trust;

/// <summary>
/// The bookkeeping the asset and identity grains share: a factor set keyed by kind and source, bounded, pruned of
/// factors that decayed below half a point, scored with the settings in force.
/// </summary>
internal static class TrustBook
{
    /// <summary>The most factors an entity keeps (the newest): a cap of a kind is reached long before.</summary>
    public const int MaxFactors = 256;

    /// <summary>How often a grain with decaying factors or a pending hysteresis wait rescores.</summary>
    public static readonly TimeSpan RescorePeriod = TimeSpan.FromMinutes(1);

    /// <summary>A decaying factor worth less than this many points is dropped.</summary>
    private const double NegligiblePoints = 0.5;

    /// <summary><paramref name="factors"/> with <paramref name="factor"/> added or replacing the one of its kind and source.</summary>
    public static List<TrustFactor> With(IEnumerable<TrustFactor>? factors, TrustFactor factor)
    {
        var list = (factors ?? []).Where(f => !Same(f, factor.Kind, factor.Source)).Append(factor).ToList();
        return list.Count <= MaxFactors ? list : list.OrderByDescending(f => f.At).Take(MaxFactors).ToList();
    }

    /// <summary>Whether <paramref name="factors"/> hold one of this kind and source.</summary>
    public static bool Has(IEnumerable<TrustFactor>? factors, TrustFactorKind kind, string source) =>
        (factors ?? []).Any(f => Same(f, kind, source));

    /// <summary><paramref name="factors"/> without the one of this kind and source.</summary>
    public static List<TrustFactor> Without(IEnumerable<TrustFactor>? factors, TrustFactorKind kind, string source) =>
        (factors ?? []).Where(f => !Same(f, kind, source)).ToList();

    /// <summary>The factors that still count at least half a point at <paramref name="now"/> (only decaying kinds fade out).</summary>
    public static List<TrustFactor> Prune(IEnumerable<TrustFactor>? factors, TrustSettings settings, DateTimeOffset now) =>
        (factors ?? []).Where(f =>
        {
            var kind = settings.For(f.Kind);
            return kind.HalfLife is null
                || TrustScorer.Decay(TrustScorer.FullPoints(Rated(f, settings), kind, settings.Severity), f.At, kind.HalfLife, now) >= NegligiblePoints;
        }).ToList();

    /// <summary>Scores the factors; an unrated vulnerability counts with the settings' <see cref="TrustSettings.UnratedVulnerability"/>.</summary>
    public static TrustScore Score(TrustEntity entity, IEnumerable<TrustFactor> factors, TrustSettings settings, DateTimeOffset now) =>
        TrustScorer.Score(entity, factors.Select(f => Rated(f, settings)), settings, now);

    /// <summary>Whether the grain must rescore as time passes: a factor decays, or a hysteresis wait is pending.</summary>
    public static bool NeedsTimer(IEnumerable<TrustFactor> factors, TrustSettings settings, TrustTierState tier, DateTimeOffset? thresholdPendingSince = null) =>
        tier.PendingSince is not null || thresholdPendingSince is not null || factors.Any(f => settings.For(f.Kind).HalfLife is not null);

    /// <summary>
    /// After an approved human decision that removed a factor (a lifted quarantine), the tier the score falls in takes
    /// effect at once when it is higher: the recovery wait is for signals that may come back, not for decisions.
    /// </summary>
    public static TrustTierStep RecoverAtOnce(TrustTierStep step, int score, TrustSettings settings, DateTimeOffset now, string why)
    {
        var raw = TrustTiers.Of(score, settings);
        if (raw <= step.State.Tier)
        {
            return step;
        }

        var from = step.Change?.From ?? step.State.Tier;
        return new TrustTierStep(new TrustTierState(raw, now, raw, null), new TrustTierChange(from, raw, score, now, $"score {score} is {TrustVocabulary.Name(raw)}: {why}"));
    }

    private static bool Same(TrustFactor f, TrustFactorKind kind, string source) => f.Kind == kind && string.Equals(f.Source, source, StringComparison.Ordinal);

    private static TrustFactor Rated(TrustFactor f, TrustSettings settings) =>
        f is { Kind: TrustFactorKind.Vulnerability, Cvss: null, Severity: Severity.Unspecified }
            ? f with { Severity = settings.UnratedVulnerability, Detail = f.Detail ?? $"no CVSS score in the inventory, counted as {TrustVocabulary.Name(settings.UnratedVulnerability)}" }
            : f;
}
