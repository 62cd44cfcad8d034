namespace ZtFleet.Policy.Mfa;

/// <summary>
/// The rules that limit guesses of a secret per identity (see <see cref="AttemptLimits"/>), as pure functions of the
/// remembered state and the time passed in.
/// </summary>
/// <remarks>
/// An attempt made during a lockout is refused before the secret is looked at, so it teaches the caller nothing,
/// and it is not counted (a lockout is not prolonged by someone knocking; anyone could otherwise keep a person locked
/// out for as long as they liked with one call a minute). Every attempt that is looked at and refused counts,
/// whatever the reason (a wrong code, a replayed one).
/// A successful attempt forgets every failure and lockout (<see cref="AttemptState.Initial"/>).
/// </remarks>
public static class AttemptLimiter
{
    /// <summary>The end of the lockout in force at <paramref name="now"/>, or null when an attempt may be made.</summary>
    public static DateTimeOffset? LockedUntil(AttemptState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LockedUntil is { } until && now < until ? until : null;
    }

    /// <summary>
    /// Records a refused attempt at <paramref name="now"/> (not during a lockout: check <see cref="LockedUntil"/>
    /// first). The <paramref name="limits"/>' <see cref="AttemptLimits.MaxFailures"/>th failure within the window
    /// starts a lockout, twice as long as the one before, at most <see cref="AttemptLimits.MaxLockout"/>.
    /// </summary>
    public static AttemptFailure Fail(AttemptState state, AttemptLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        state = Forget(state, limits, now);
        if (LockedUntil(state, now) is { } until)
        {
            throw new InvalidOperationException($"A lockout is in force until {until:O}; attempts are refused before they are checked.");
        }

        var recent = state.RecentFailures.Where(at => now - at < limits.Window).Append(now).ToList();
        if (recent.Count < limits.MaxFailures)
        {
            return new AttemptFailure(state with { RecentFailures = recent, LastFailure = now }, null, recent.Count);
        }

        var lockout = LockoutLength(state.Lockouts, limits);
        var lockedUntil = now + lockout;
        return new AttemptFailure(new AttemptState([], now, lockedUntil, state.Lockouts + 1), lockedUntil, recent.Count);
    }

    /// <summary>The length of the lockout that follows <paramref name="previousLockouts"/> earlier ones.</summary>
    public static TimeSpan LockoutLength(int previousLockouts, AttemptLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var length = limits.FirstLockout;
        for (var i = 0; i < previousLockouts && length < limits.MaxLockout; i++)
        {
            length += length;
        }

        return length < limits.MaxLockout ? length : limits.MaxLockout;
    }

    /// <summary>After a quiet period without failures (and no lockout in force), nothing is remembered.</summary>
    private static AttemptState Forget(AttemptState state, AttemptLimits limits, DateTimeOffset now) =>
        state.LastFailure is { } last && now - last >= limits.QuietPeriod && LockedUntil(state, now) is null
            ? AttemptState.Initial
            : state;
}
