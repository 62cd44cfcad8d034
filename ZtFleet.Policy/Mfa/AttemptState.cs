namespace ZtFleet.Policy.Mfa;

/// <summary>
/// What the attempt limiter remembers about one identity's guesses of one secret. Only <see cref="AttemptLimiter"/>
/// changes it; the identity grain keeps it.
/// </summary>
/// <param name="RecentFailures">When the refused attempts since the last lockout (or success) happened, oldest first, at most <see cref="AttemptLimits.MaxFailures"/>.</param>
/// <param name="LastFailure">The latest refused attempt, or null.</param>
/// <param name="LockedUntil">The end of the current (or last) lockout, or null.</param>
/// <param name="Lockouts">How many lockouts since the last success or quiet period (the next one lasts 2^Lockouts × the first).</param>
public sealed record AttemptState(
    IReadOnlyList<DateTimeOffset> RecentFailures,
    DateTimeOffset? LastFailure,
    DateTimeOffset? LockedUntil,
    int Lockouts)
{
    /// <summary>No failure remembered.</summary>
    public static AttemptState Initial { get; } = new([], null, null, 0);
}
