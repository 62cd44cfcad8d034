namespace ZtFleet.Policy.Access;

/// <summary>
/// The answer to an <see cref="AccessRequest"/>: a value, never an exception. <c>default(Decision)</c> is not an
/// allow.
/// </summary>
/// <remarks>
/// <see cref="ValidUntil"/> is how long an enforcement point may cache the decision: for an allow never past the
/// policy TTL, the grant's end, the shift's end plus grace, the maintenance window's end or the MFA's expiry that it
/// relied on; for a deny never past the policy TTL or the next shift, window or grant start that could turn it into
/// an allow. Changes that do not come from the clock (a lock, a revocation) arrive as deltas with a new
/// <see cref="Epoch"/>.
/// </remarks>
public readonly record struct Decision
{
    private readonly IReadOnlyList<string>? _facts;

    /// <summary>Allow or deny.</summary>
    public DecisionEffect Effect { get; init; }

    /// <summary>Why, as a <see cref="DecisionReasons"/> constant.</summary>
    public string Reason { get; init; }

    /// <summary>
    /// The rule that determined it: <c>role:&lt;role&gt;#&lt;permission index&gt;</c>, <c>grant:&lt;id&gt;</c> or
    /// <c>break-glass</c>; for a deny the rule that came closest, or null when none applied at all.
    /// </summary>
    public string? RuleId { get; init; }

    /// <summary>What the enforcement point must do along with it.</summary>
    public Obligations Obligations { get; init; }

    /// <summary>
    /// With <see cref="Obligations.StepUpMfa"/>, how fresh the new MFA must be; for an allow, the freshness it relied
    /// on; 0 when MFA played no part.
    /// </summary>
    public int MfaMaxAgeMinutes { get; init; }

    /// <summary>How long the decision may be cached.</summary>
    public DateTimeOffset ValidUntil { get; init; }

    /// <summary>With <see cref="Obligations.MaxSession"/>, when the session must end (shift, window or grant end).</summary>
    public DateTimeOffset? SessionEnd { get; init; }

    /// <summary>The plant epoch of the snapshot it was computed from.</summary>
    public long Epoch { get; init; }

    /// <summary>
    /// The facts that determined it, as sentences; filled by <see cref="Engine.Explain"/>, empty from
    /// <see cref="Engine.Decide"/> (which allocates nothing).
    /// </summary>
    public IReadOnlyList<string> Facts
    {
        get => _facts ?? [];
        init => _facts = value;
    }

    /// <summary>Whether the effect is <see cref="DecisionEffect.Allow"/>.</summary>
    public bool IsAllowed => Effect == DecisionEffect.Allow;
}
