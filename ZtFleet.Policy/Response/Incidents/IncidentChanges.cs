using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// What people and playbooks do to an incident (assign, comment, close, attach a response step): each adds a part to
/// its timeline. The caller checks that the incident is not closed and assigns the revision.
/// </summary>
public static class IncidentChanges
{
    /// <summary>Gives the incident an owner; an open incident becomes investigating.</summary>
    public static Incident Assign(Incident incident, string owner, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var note = Note(StatusNote, actor, at, null, owner == actor ? $"{actor} took the incident." : $"{actor} assigned the incident to {owner}.");
        return Add(incident, note) with { Owner = owner, Status = IncidentStatus.Investigating };
    }

    /// <summary>Adds a person's comment; <paramref name="plant"/> is the plant it concerns, if any (a plant admin's comment is of their plant).</summary>
    public static Incident Comment(Incident incident, string actor, string text, PlantId? plant, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return Add(incident, Note(CommentNote, actor, at, plant, text));
    }

    /// <summary>Closes the incident with a reason; later parts open a new incident.</summary>
    public static Incident Close(Incident incident, string actor, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Add(incident, Note(StatusNote, actor, at, null, $"{actor} closed the incident: {reason}")) with
        {
            Status = IncidentStatus.Closed,
            CloseReason = reason,
        };
    }

    /// <summary>Adds a response step (kind <see cref="IncidentPartKind.Response"/>, actor <c>playbook:ID</c>) to the timeline.</summary>
    public static Incident Attach(Incident incident, IncidentPart step)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind != IncidentPartKind.Response)
        {
            throw new ArgumentException("Only response steps are attached.", nameof(step));
        }

        return Add(incident, step);
    }

    /// <summary>The reference prefix of an assignment or closing note (seen by everyone who sees the incident).</summary>
    public const string StatusNote = "status:";

    /// <summary>The reference prefix of a person's comment.</summary>
    public const string CommentNote = "comment:";

    /// <summary>True for a note that records a change of owner or status.</summary>
    public static bool IsStatusNote(IncidentPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Kind == IncidentPartKind.Note && part.Reference.StartsWith(StatusNote, StringComparison.Ordinal);
    }

    private static IncidentPart Note(string prefix, string actor, DateTimeOffset at, PlantId? plant, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return new IncidentPart(IncidentPartKind.Note, $"{prefix}{at.UtcTicks}", plant, at, Severity.Low, text) { Actor = actor };
    }

    private static Incident Add(Incident incident, IncidentPart part) =>
        incident with { Parts = [.. incident.Parts, part], Updated = part.At > incident.Updated ? part.At : incident.Updated };
}
