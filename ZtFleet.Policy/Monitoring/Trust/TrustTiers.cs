using System.Globalization;
using ZtFleet.Policy.Access;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// Tiers of trust: which tier a score falls in, when the enforced tier changes (hysteresis), and what each tier
/// still allows. Pure: time is passed in.
/// </summary>
/// <remarks>
/// <para>
/// Hysteresis, so that a flapping factor does not flood enforcement points with deltas. Downwards (less trust) the
/// enforced tier follows at once when the score is more than <see cref="TrustSettings.HysteresisMargin"/> points
/// below the tier's lower boundary, otherwise once it has stayed below it for <see cref="TrustSettings.DegradeAfterMinutes"/>.
/// Upwards it follows only when the score is at least the margin above the next boundary and has stayed there for
/// <see cref="TrustSettings.RecoverAfterMinutes"/>. Losing trust is fast, regaining it slow: a factor that comes and
/// goes costs at most the one change down.
/// </para>
/// <para>
/// Rights shrink before they vanish (NIST SP 800-207's dynamic, risk-based access for OT): a reduced entity keeps
/// viewing and operating but may no longer change a device or open a session into it; a restricted one may only
/// view; an untrusted one nothing.
/// </para>
/// </remarks>
public static class TrustTiers
{
    /// <summary>The tier <paramref name="score"/> falls in, without hysteresis.</summary>
    public static TrustTier Of(int score, TrustSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return score >= settings.TrustedAt ? TrustTier.Trusted
            : score >= settings.ReducedAt ? TrustTier.Reduced
            : score >= settings.RestrictedAt ? TrustTier.Restricted
            : TrustTier.Untrusted;
    }

    /// <summary>The lowest score of <paramref name="tier"/> (0 for untrusted).</summary>
    public static int LowerBound(TrustTier tier, TrustSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return tier switch
        {
            TrustTier.Trusted => settings.TrustedAt,
            TrustTier.Reduced => settings.ReducedAt,
            TrustTier.Restricted => settings.RestrictedAt,
            _ => 0,
        };
    }

    /// <summary>
    /// Whether an entity of <paramref name="tier"/> may do <paramref name="operation"/> as far as its trust goes
    /// (roles, grants and every other condition still decide): trusted everything, reduced view and operate,
    /// restricted view, untrusted and unspecified nothing. Undefined operations are never allowed.
    /// </summary>
    public static bool Allows(TrustTier tier, Operation operation) =>
        operation.IsDefined() && tier switch
        {
            TrustTier.Trusted => true,
            TrustTier.Reduced => !operation.IsDangerous(),
            TrustTier.Restricted => operation == Operation.View,
            _ => false,
        };

    /// <summary>
    /// The tier that bounds a request: the lower of the identity's and the target asset's, where an asset's poor
    /// posture alone never takes viewing away (it counts at least as restricted: watching a suspect PLC must go on;
    /// cutting it off is what a quarantine is for). <paramref name="asset"/> null: a zone, or an asset with no tier.
    /// </summary>
    public static TrustTier Effective(TrustTier identity, TrustTier? asset)
    {
        if (!Enum.IsDefined(identity) || identity == TrustTier.Unspecified)
        {
            return TrustTier.Unspecified;
        }

        if (asset is not { } a)
        {
            return identity;
        }

        var floored = Enum.IsDefined(a) && a > TrustTier.Restricted ? a : TrustTier.Restricted;
        return identity < floored ? identity : floored;
    }

    /// <summary>
    /// The tier a score points to from <paramref name="enforced"/>: the tier it falls in when that is lower, the tier
    /// it falls in with the margin taken off when that is higher, otherwise <paramref name="enforced"/>.
    /// </summary>
    public static TrustTier Pending(TrustTier enforced, int score, TrustSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var raw = Of(score, settings);
        if (raw < enforced || !IsEnforceable(enforced))
        {
            return raw;
        }

        var up = Of(score - settings.HysteresisMargin, settings);
        return up > enforced ? up : enforced;
    }

    /// <summary>
    /// Whether the enforced tier <paramref name="previous"/> changes at <paramref name="now"/> for
    /// <paramref name="score"/>, given that scores have pointed away from it in the same direction since
    /// <paramref name="since"/> (null: only from now). Null when it stays. An unspecified or undefined previous tier
    /// takes the score's tier at once.
    /// </summary>
    public static TrustTierChange? Next(TrustTier previous, int score, DateTimeOffset? since, TrustSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var raw = Of(score, settings);
        if (!IsEnforceable(previous))
        {
            return new TrustTierChange(previous, raw, score, now, Text($"first tier: score {score} is {TrustVocabulary.Name(raw)}"));
        }

        var start = since is { } s && s <= now ? s : now;
        var boundary = LowerBound(previous, settings);
        if (raw < previous)
        {
            if (now - start >= settings.DegradeAfter)
            {
                return new TrustTierChange(previous, raw, score, now, Text($"score {score} has been below {boundary} for {Minutes(now - start)} min (at least {settings.DegradeAfterMinutes})"));
            }

            var pastMargin = Of(score + settings.HysteresisMargin, settings);
            return pastMargin < previous
                ? new TrustTierChange(previous, pastMargin, score, now, Text($"score {score} is {boundary - score} points below {boundary}, more than the margin of {settings.HysteresisMargin}"))
                : null;
        }

        var up = Of(score - settings.HysteresisMargin, settings);
        if (up > previous && now - start >= settings.RecoverAfter)
        {
            var upper = LowerBound(up, settings);
            return new TrustTierChange(previous, up, score, now, Text($"score {score} has been at least {upper} + the margin of {settings.HysteresisMargin} for {Minutes(now - start)} min (at least {settings.RecoverAfterMinutes})"));
        }

        return null;
    }

    /// <summary>
    /// Observes <paramref name="score"/> at <paramref name="now"/>: updates what the hysteresis remembers and says
    /// whether the enforced tier changes. Call it with every new score (a factor added or removed, and periodically as
    /// factors decay); the grain keeps the returned state and publishes the change as a plant delta.
    /// </summary>
    public static TrustTierStep Observe(TrustTierState state, int score, TrustSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(settings);
        var pending = Pending(state.Tier, score, settings);
        var pendingSince = PendingSince(state, pending, now);
        var change = Next(state.Tier, score, pendingSince, settings, now);
        if (change is null)
        {
            return new TrustTierStep(state with { Pending = pending, PendingSince = pendingSince }, null);
        }

        // From the new tier, the same score may already point further (a drop past one boundary by the margin and
        // past the next by less): that waits from now.
        var next = Pending(change.To, score, settings);
        return new TrustTierStep(new TrustTierState(change.To, now, next, next == change.To ? null : now), change);
    }

    private static DateTimeOffset? PendingSince(TrustTierState state, TrustTier pending, DateTimeOffset now)
    {
        if (pending == state.Tier)
        {
            return null;
        }

        var sameDirection = state.PendingSince is not null
            && state.Pending != state.Tier
            && (state.Pending < state.Tier) == (pending < state.Tier);
        return sameDirection ? state.PendingSince : now;
    }

    private static bool IsEnforceable(TrustTier tier) => tier is >= TrustTier.Untrusted and <= TrustTier.Trusted;

    private static int Minutes(TimeSpan span) => (int)Math.Floor(span.TotalMinutes);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
