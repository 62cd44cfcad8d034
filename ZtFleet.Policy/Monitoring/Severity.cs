namespace ZtFleet.Policy.Monitoring;

/// <summary>
/// How serious something is: a detection, and the trust factors that come from one or from a vulnerability (its
/// CVSS v3 rating). <see cref="Unspecified"/> and undefined values count as <see cref="Critical"/>: what cannot be
/// rated is not taken lightly.
/// </summary>
public enum Severity
{
    Unspecified = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
