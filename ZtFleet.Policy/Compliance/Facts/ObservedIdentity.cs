using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// An identity's runtime state as the fleet observes it: whether it enrolled a second factor (a TOTP secret, or an MFA
/// assertion from the identity provider was ever recorded), its last MFA, whether it is locked, and its grants at the
/// plant with their approvals.
/// </summary>
public sealed record ObservedIdentity(
    IdentityId Id,
    bool MfaEnrolled,
    DateTimeOffset? LastMfaAt,
    bool Locked,
    IReadOnlyList<ObservedGrant> Grants);
