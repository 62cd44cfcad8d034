namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// One observed reason to trust an entity less: what it is, where it comes from and when it was seen. Its
/// contribution to the score is computed from <see cref="TrustSettings"/> at scoring time (it decays).
/// </summary>
/// <param name="Kind">The factor kind (weight, cap and decay come from the settings for this kind).</param>
/// <param name="Source">
/// What it comes from, so an analyst can follow it: a CVE id (<c>CVE-2024-1234</c>), a detection id, an
/// authentication event id, a quarantine rule id.
/// </param>
/// <param name="At">When it was observed (for a state such as a quarantine or stale telemetry: since when).</param>
/// <param name="Severity">Its severity (detections; vulnerabilities without a CVSS score).</param>
/// <param name="Cvss">A vulnerability's CVSS base score, 0.0–10.0; it overrides <paramref name="Severity"/>.</param>
/// <param name="Detail">A short human description (a detection's sentence, a CVE title), or null.</param>
public sealed record TrustFactor(
    TrustFactorKind Kind,
    string Source,
    DateTimeOffset At,
    Severity Severity = Severity.Unspecified,
    double? Cvss = null,
    string? Detail = null);
