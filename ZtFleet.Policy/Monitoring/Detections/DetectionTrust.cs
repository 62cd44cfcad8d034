using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// Which trust factor a detection in force is on the asset and the identity it is about: one observed fact counts
/// once. An off-shift access is an <see cref="TrustFactorKind.OffShift"/> factor of the identity; a lockout or burst of
/// MFA failures that ZtFleet's own MFA reported is already counted by the identity (a <see cref="TrustFactorKind.Lockout"/>
/// and <see cref="TrustFactorKind.MfaFailure"/> factor per attempt), so it adds nothing; every other detection is a
/// <see cref="TrustFactorKind.Detection"/> factor by its severity.
/// </summary>
public static class DetectionTrust
{
    /// <summary>The sender of the events ZtFleet's own MFA reports (a lockout from the identity's TOTP checks).</summary>
    public const string OwnMfaSender = "ztfleet-mfa";

    /// <summary>The factor the detection is on the asset it is about.</summary>
    public static TrustFactorKind OnAsset(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        return TrustFactorKind.Detection;
    }

    /// <summary>The factor the detection is on the identity it is about, or null when the identity already counts it.</summary>
    public static TrustFactorKind? OnIdentity(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        return detection.Finding.Type switch
        {
            DetectionType.OffShiftAccess => TrustFactorKind.OffShift,
            DetectionType.Lockout or DetectionType.MfaFailureBurst when FromOwnMfa(detection.Finding) => null,
            _ => TrustFactorKind.Detection,
        };
    }

    private static bool FromOwnMfa(Finding finding) =>
        finding.Evidence.Count > 0 && finding.Evidence.All(id => id.StartsWith(OwnMfaSender + ":", StringComparison.Ordinal));
}
