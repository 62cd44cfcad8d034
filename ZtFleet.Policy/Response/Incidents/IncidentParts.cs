using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>Incident parts made from the records they come from.</summary>
public static class IncidentParts
{
    /// <summary>
    /// A detection as a part: referenced by its id, at its first evidence, with its severity, summary, type, asset,
    /// zone, identity and (inventoried) source. Lockouts and bursts of MFA failures are detections too: the identity
    /// grain reports every TOTP lockout to the monitors of the identity's plants, which store it.
    /// </summary>
    public static IncidentPart Of(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var finding = detection.Finding;
        return new IncidentPart(IncidentPartKind.Detection, detection.Id, detection.Plant, detection.FirstSeen, finding.Severity, finding.Summary)
        {
            Type = finding.Type,
            Asset = finding.Asset,
            Zone = finding.Zone,
            Identity = finding.Identity,
            Source = finding.Source?.Asset,
        };
    }
}
