namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// When the numeric score decisions compare with a permission's <c>minTrust</c> must be published again although the
/// tier did not change: the score crossed one of the thresholds the fleet's roles use, with the same hysteresis as
/// tiers (<see cref="TrustTiers.Observe"/>). Pure: time is passed in.
/// </summary>
/// <remarks>
/// Downwards: at once when the score is more than the margin below a threshold the published score met, otherwise
/// once it has stayed below for <see cref="TrustSettings.DegradeAfterMinutes"/>. Upwards: when the score is at least the
/// margin above a threshold the published score missed and has stayed there for <see cref="TrustSettings.RecoverAfterMinutes"/>.
/// </remarks>
public static class TrustThresholds
{
    /// <summary>
    /// Observes <paramref name="score"/> against the <paramref name="published"/> one. Returns whether to publish it
    /// now, and since when a crossing has been pending (null: none) to keep for the next observation.
    /// </summary>
    /// <param name="published">The score decisions currently see.</param>
    /// <param name="score">The score now.</param>
    /// <param name="pendingSince">Since when a crossing has been pending, from the last observation; null: none.</param>
    /// <param name="thresholds">The <c>minTrust</c> values the fleet's roles use (others are ignored).</param>
    /// <param name="settings">The margin and waits.</param>
    /// <param name="now">The time of the observation.</param>
    public static (bool Publish, DateTimeOffset? PendingSince) Observe(
        int published, int score, DateTimeOffset? pendingSince, IEnumerable<int> thresholds, TrustSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(settings);
        var down = false;
        var downPastMargin = false;
        var up = false;
        foreach (var t in thresholds)
        {
            if (t <= 0 || t > 100)
            {
                continue;
            }

            if (score < t && published >= t)
            {
                down = true;
                downPastMargin |= score < t - settings.HysteresisMargin;
            }
            else if (published < t && score - settings.HysteresisMargin >= t)
            {
                up = true;
            }
        }

        if (!down && !up)
        {
            return (false, null);
        }

        var since = pendingSince is { } s && s <= now ? s : now;
        if (down)
        {
            return downPastMargin || now - since >= settings.DegradeAfter ? (true, null) : (false, since);
        }

        return now - since >= settings.RecoverAfter ? (true, null) : (false, since);
    }
}
