using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// What a playbook reacts to: a detection (or an incident change) at a plant, its type and severity, and what it is
/// about (an asset, an identity, a zone).
/// </summary>
/// <param name="Source">A detection or an incident.</param>
/// <param name="Id">The detection id (or incident id): the same id is the same trigger.</param>
/// <param name="Plant">Where.</param>
/// <param name="Type">The detection type (<see cref="DetectionType.Unspecified"/> for an incident).</param>
/// <param name="Severity">How serious.</param>
/// <param name="At">When the detection was stored (its first evidence) or the incident changed.</param>
public sealed record ResponseTriggerEvent(
    ResponseTriggerSource Source,
    string Id,
    PlantId Plant,
    DetectionType Type,
    Severity Severity,
    DateTimeOffset At)
{
    /// <summary>The asset it is about, when one.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The identity it is about, when one.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>The zone it happened in, when known (the asset's zone otherwise).</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>For an incident: the rules it meets now (opened, cross-plant, toward-safety, conduit-chain).</summary>
    public IReadOnlyList<IncidentRule> IncidentRules { get; init; } = [];

    /// <summary>The incident the detection belongs to, when one is known (the audit names it as well).</summary>
    public string? Incident { get; init; }

    /// <summary>One sentence for people: the detection's summary.</summary>
    public string? Summary { get; init; }

    /// <summary>The trigger of a stored detection.</summary>
    public static ResponseTriggerEvent Of(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var finding = detection.Finding;
        return new ResponseTriggerEvent(ResponseTriggerSource.Detection, detection.Id, finding.Plant, finding.Type, finding.Severity, detection.FirstSeen)
        {
            Asset = finding.Asset,
            Identity = finding.Identity,
            Zone = finding.Zone,
            Summary = finding.Summary,
        };
    }

    /// <summary>
    /// An incident change as it concerns one of its plants: the incident's severity and title, and the target of its
    /// most severe (then latest) part at that plant; <paramref name="rules"/> are the incident rules the change fired.
    /// </summary>
    public static ResponseTriggerEvent Of(Incidents.Incident incident, PlantId plant, IReadOnlyList<IncidentRule> rules)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(rules);
        var part = incident.Parts
            .Where(p => p.Plant == plant && p.Kind != Incidents.IncidentPartKind.Note && p.Kind != Incidents.IncidentPartKind.Response)
            .OrderByDescending(p => p.Severity).ThenByDescending(p => p.At)
            .FirstOrDefault();
        return new ResponseTriggerEvent(ResponseTriggerSource.Incident, incident.Id, plant, part?.Type ?? DetectionType.Unspecified, incident.Severity, incident.Updated)
        {
            Asset = part?.Asset,
            Identity = part?.Identity,
            Zone = part?.Zone,
            IncidentRules = rules,
            Incident = incident.Id,
            Summary = incident.Title,
        };
    }
}
