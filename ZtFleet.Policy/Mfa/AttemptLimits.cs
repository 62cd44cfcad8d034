namespace ZtFleet.Policy.Mfa;

/// <summary>
/// How many wrong guesses of a secret (a TOTP code) an identity's callers get before it is locked out, and for how
/// long: <see cref="MaxFailures"/> refused attempts within <see cref="Window"/> start a lockout of
/// <see cref="FirstLockout"/>, doubling with every further lockout up to <see cref="MaxLockout"/>. A success, or
/// <see cref="QuietPeriod"/> without any failure, forgets it all.
/// </summary>
/// <param name="MaxFailures">Refused attempts within <see cref="Window"/> that start a lockout (at least 1).</param>
/// <param name="Window">How far back failures count (positive).</param>
/// <param name="FirstLockout">The first lockout's length (positive).</param>
/// <param name="MaxLockout">The longest lockout (at least <see cref="FirstLockout"/>).</param>
/// <param name="QuietPeriod">
/// Without a failure for this long (counted from the last failure), the lockouts grow from the first again. Longer
/// than <see cref="MaxLockout"/>, or an attacker who waits out the longest lockout would start again at the
/// shortest.
/// </param>
public sealed record AttemptLimits(int MaxFailures, TimeSpan Window, TimeSpan FirstLockout, TimeSpan MaxLockout, TimeSpan QuietPeriod)
{
    /// <summary>
    /// 5 failures in 5 minutes; lockouts of 1 minute, doubling, at most 1 hour; forgotten after 24 hours without a
    /// failure. At the longest lockout a caller gets 5 guesses an hour: with the 3 codes accepted at any time
    /// (drift of one step either way) out of 10^6, about 3.6 in 10,000 per day.
    /// </summary>
    public static AttemptLimits Default { get; } = new(5, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromHours(24));

    /// <summary>The problems of these limits (empty when usable): a limit that limits nothing is refused.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxFailures < 1)
        {
            problems.Add("MaxFailures must be at least 1");
        }

        if (Window <= TimeSpan.Zero || FirstLockout <= TimeSpan.Zero)
        {
            problems.Add("Window and FirstLockout must be positive");
        }

        if (MaxLockout < FirstLockout)
        {
            problems.Add("MaxLockout must be at least FirstLockout");
        }

        if (QuietPeriod <= MaxLockout)
        {
            problems.Add("QuietPeriod must be longer than MaxLockout");
        }

        return problems;
    }
}
