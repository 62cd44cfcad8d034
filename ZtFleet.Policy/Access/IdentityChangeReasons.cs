namespace ZtFleet.Policy.Access;

/// <summary>Why an <see cref="IdentityChanged"/> delta was emitted (for the audit and the enforcement points' logs).</summary>
public static class IdentityChangeReasons
{
    public const string GrantActivated = "grant-activated";
    public const string GrantRevoked = "grant-revoked";

    /// <summary>A grant's window ended and the grant was removed.</summary>
    public const string GrantExpired = "grant-expired";
    public const string Locked = "locked";
    public const string Unlocked = "unlocked";
    public const string Mfa = "mfa";

    /// <summary>A response step requires (or no longer requires) a fresh MFA before the next decision.</summary>
    public const string StepUp = "step-up";
    public const string Trust = "trust";
    public const string Roles = "roles";
}
