namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// The names of the trust vocabulary as documents, explanations and the API write them: factor kinds in camelCase
/// (the keys of <c>trust.factors</c>), severities and tiers in lower case.
/// </summary>
public static class TrustVocabulary
{
    /// <summary><c>vulnerability</c>, <c>detection</c>, <c>mfaFailure</c>, <c>lockout</c>, <c>quarantine</c>, <c>staleTelemetry</c>, <c>offShift</c>.</summary>
    public static string Name(TrustFactorKind kind) => kind switch
    {
        TrustFactorKind.Vulnerability => "vulnerability",
        TrustFactorKind.Detection => "detection",
        TrustFactorKind.MfaFailure => "mfaFailure",
        TrustFactorKind.Lockout => "lockout",
        TrustFactorKind.Quarantine => "quarantine",
        TrustFactorKind.StaleTelemetry => "staleTelemetry",
        TrustFactorKind.OffShift => "offShift",
        _ => "unspecified",
    };

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>; unknown ones: <c>unrated (as critical)</c>.</summary>
    public static string Name(Severity severity) => severity switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => "unrated (as critical)",
    };

    /// <summary><c>trusted</c>, <c>reduced</c>, <c>restricted</c>, <c>untrusted</c>; unknown ones: <c>unspecified</c>.</summary>
    public static string Name(TrustTier tier) => tier switch
    {
        TrustTier.Trusted => "trusted",
        TrustTier.Reduced => "reduced",
        TrustTier.Restricted => "restricted",
        TrustTier.Untrusted => "untrusted",
        _ => "unspecified",
    };
}
