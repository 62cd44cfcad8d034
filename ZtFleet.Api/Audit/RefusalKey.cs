namespace ZtFleet.Api.Audit;

/// <summary>
/// What refusals are counted by: who (an authenticated caller's subject and role, or an unauthenticated peer's IP
/// address without its port), the method, and the status the caller got.
/// </summary>
public readonly record struct RefusalKey(string Who, string Method, string Status)
{
    /// <summary>The one key that counts the refusals of every key beyond <see cref="RefusalAuditOptions.MaxKeys"/>.</summary>
    public static RefusalKey Overflow { get; } = new("untracked callers (key limit reached)", "*", "*");

    /// <summary>True for <see cref="Overflow"/>.</summary>
    public bool IsOverflow => this == Overflow;
}
