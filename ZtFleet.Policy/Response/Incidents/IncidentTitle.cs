using System.Globalization;
using System.Text;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// The sentence that names an incident for a SOC analyst: who or what it is about, what happened where, and whether
/// it moved along conduits or reached safety. For example: <c>Identity vendor-acme: MFA lockout at berlin, off-shift
/// access at lyon (2 plants).</c>
/// </summary>
public static class IncidentTitle
{
    private const int MaxNamed = 3;
    private const int MaxEvents = 4;

    /// <summary>The title of <paramref name="incident"/> from its entities, parts, path and safety flag.</summary>
    public static string Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var text = new StringBuilder();
        text.Append(Subject(incident)).Append(": ");

        var events = incident.Parts
            .Where(p => p.Correlated)
            .Select(p => (Label: Label(p), Plant: p.Plant?.Value))
            .Distinct()
            .ToList();
        var onePlant = incident.Plants.Count <= 1;
        var shown = events.Take(MaxEvents).Select(e => onePlant || e.Plant is null ? e.Label : $"{e.Label} at {e.Plant}").ToList();
        text.Append(string.Join(", ", shown));
        if (events.Count > MaxEvents)
        {
            text.Append(CultureInfo.InvariantCulture, $" and {events.Count - MaxEvents} more");
        }

        if (onePlant && incident.Plants.Count == 1)
        {
            text.Append(" at ").Append(incident.Plants[0].Value);
        }
        else if (!onePlant)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({incident.Plants.Count} plants)");
        }

        if (incident.ConduitChain)
        {
            text.Append("; moved along conduits ").Append(string.Join(" → ", incident.ZonePath));
        }

        if (incident.TowardSafety)
        {
            text.Append("; reached a safety zone or safety-related asset");
        }

        return text.Append('.').ToString();
    }

    private static string Subject(Incident incident)
    {
        if (incident.Identities.Count > 0)
        {
            return (incident.Identities.Count == 1 ? "Identity " : "Identities ") + Names(incident.Identities.Select(i => i.Value).ToList());
        }

        if (incident.Assets.Count > 0)
        {
            return (incident.Assets.Count == 1 ? "Asset " : "Assets ") + Names(incident.Assets.Select(a => a.Value).ToList());
        }

        return "Activity";
    }

    private static string Names(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        2 => $"{names[0]} and {names[1]}",
        <= MaxNamed => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
        _ => $"{string.Join(", ", names.Take(MaxNamed))} and {names.Count - MaxNamed} more",
    };

    /// <summary>What a part is, in a few words (<c>off-shift access</c>, <c>MFA lockout</c>, <c>quarantine</c>).</summary>
    public static string Label(IncidentPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Kind switch
        {
            IncidentPartKind.Detection when part.Type is { } type && type != DetectionType.Unspecified
                => DetectionSpelling.Of(type).Replace('-', ' ').Replace("mfa ", "MFA ", StringComparison.Ordinal),
            IncidentPartKind.Detection => "detection",
            IncidentPartKind.Lockout => "MFA lockout",
            IncidentPartKind.Quarantine => "quarantine",
            IncidentPartKind.Access => "access event",
            IncidentPartKind.Response => "response step",
            _ => "note",
        };
    }
}
