namespace ZtFleet.Policy.Mfa;

/// <summary>The limiter's state after a refused attempt, and the lockout that attempt started, if it started one.</summary>
/// <param name="State">The state to keep.</param>
/// <param name="LockoutUntil">The end of the lockout this failure started; null when it started none.</param>
/// <param name="Failures">The failures within the window that started the lockout (or counted so far).</param>
public sealed record AttemptFailure(AttemptState State, DateTimeOffset? LockoutUntil, int Failures)
{
    /// <summary>True when this failure started a lockout (to be persisted, audited and published).</summary>
    public bool StartedLockout => LockoutUntil is not null;
}
