namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>What a trust score is about.</summary>
public enum TrustEntityKind
{
    Unspecified = 0,

    /// <summary>An asset of a plant (its posture: vulnerabilities, detections, quarantine, telemetry).</summary>
    Asset = 1,

    /// <summary>An identity, fleet-wide (its behaviour: MFA failures, lockouts, off-shift attempts, detections).</summary>
    Identity = 2,
}
