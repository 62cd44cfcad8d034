namespace ZtFleet.Policy.Access;

/// <summary>The reasons a <see cref="Decision"/> gives, as stable kebab-case strings for logs, audit and the API.</summary>
public static class DecisionReasons
{
    /// <summary>Allowed by a permission of one of the identity's roles.</summary>
    public const string RolePermission = "role-permission";

    /// <summary>Allowed by an active temporary grant.</summary>
    public const string Grant = "grant";

    /// <summary>Allowed as a declared emergency on a safety-related asset.</summary>
    public const string BreakGlass = "break-glass";

    /// <summary>The subject is not an identity of this plant.</summary>
    public const string UnknownIdentity = "unknown-identity";

    /// <summary>The identity is locked.</summary>
    public const string IdentityLocked = "identity-locked";

    /// <summary>The request names no target, or both an asset and a zone.</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The target asset or zone is not part of this plant.</summary>
    public const string UnknownTarget = "unknown-target";

    /// <summary>The operation is unspecified or not one ZtFleet knows.</summary>
    public const string InvalidOperation = "invalid-operation";

    /// <summary>A permission or grant would apply with fresher MFA: step up.</summary>
    public const string MfaRequired = "mfa-required";

    /// <summary>A permission applies only on shift, and the identity is not on its shift (grace included).</summary>
    public const string OutsideShift = "outside-shift";

    /// <summary>A grant covers the request, but not now.</summary>
    public const string OutsideGrantWindow = "outside-grant-window";

    /// <summary>A permission applies only in a maintenance window, and none is open.</summary>
    public const string OutsideMaintenanceWindow = "outside-maintenance-window";

    /// <summary>A permission needs a higher trust score than the identity has.</summary>
    public const string TrustTooLow = "trust-too-low";

    /// <summary>No role permission and no grant covers this operation on this target (deny by default).</summary>
    public const string NoMatchingPermission = "no-matching-permission";

    /// <summary>
    /// The target is in quarantine (an asset, or a zone with a quarantined asset): a write-restricted one allows only
    /// <c>view</c>, an isolated one nothing; rule <c>quarantine:&lt;id&gt;</c>. Only break-glass goes past it.
    /// </summary>
    public const string Quarantined = "quarantined";

    /// <summary>
    /// The trust tier that bounds the request (the lower of the identity's and the target asset's, an asset counting
    /// at least as restricted) does not allow the operation: reduced allows view and operate, restricted view,
    /// untrusted nothing (see <c>TrustTiers.Allows</c>); rule <c>trust:identity</c> or <c>trust:asset</c>. Only
    /// break-glass goes past it.
    /// </summary>
    public const string TrustReduced = "trust-reduced";
}
