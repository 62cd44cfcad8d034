namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// How serious a factor is (a detection's severity, a vulnerability's CVSS v3 rating). <see cref="Unspecified"/> and
/// undefined values count as <see cref="Critical"/>: what cannot be rated is not taken lightly.
/// </summary>
public enum TrustSeverity
{
    Unspecified = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
