namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// A band of trust scores with its rights (<see cref="TrustTiers.Allows"/>), ordered from least to most trusted.
/// <see cref="Unspecified"/> and undefined values allow nothing.
/// </summary>
public enum TrustTier
{
    Unspecified = 0,

    /// <summary>Nothing is allowed (a break-glass emergency on a safety-related asset aside).</summary>
    Untrusted = 1,

    /// <summary>View only.</summary>
    Restricted = 2,

    /// <summary>View and operate; nothing that changes a device or opens a session into it (write, program, configure, remote session).</summary>
    Reduced = 3,

    /// <summary>Whatever roles and grants allow.</summary>
    Trusted = 4,
}
