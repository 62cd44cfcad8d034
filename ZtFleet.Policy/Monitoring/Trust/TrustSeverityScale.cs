namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// The share of a kind's weight a factor of each severity counts, in percent (the fleet document's
/// <c>trust.severity</c>: <c>{ low: 25, medium: 50, high: 75, critical: 100 }</c>). A vulnerability with a CVSS score
/// counts score × 10 percent instead.
/// </summary>
/// <param name="Low">Percent of the weight for a low-severity factor (0–100).</param>
/// <param name="Medium">Percent for a medium one (0–100).</param>
/// <param name="High">Percent for a high one (0–100).</param>
/// <param name="Critical">Percent for a critical one, and for one whose severity is unknown (0–100).</param>
public sealed record TrustSeverityScale(int Low = 25, int Medium = 50, int High = 75, int Critical = 100)
{
    /// <summary>The share (0–1) of a kind's weight a factor of <paramref name="severity"/> counts.</summary>
    public double Of(Severity severity) => severity switch
    {
        Severity.Low => Low / 100.0,
        Severity.Medium => Medium / 100.0,
        Severity.High => High / 100.0,
        _ => Critical / 100.0,
    };
}
