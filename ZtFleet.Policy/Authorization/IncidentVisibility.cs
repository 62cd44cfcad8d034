using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Policy.Authorization;

/// <summary>
/// Who sees which incident, and how much of it (docs/incidents.md, "Scope"). Fleet roles (fleet admin, auditor) see
/// every incident whole. A plant-scoped role sees an incident with a part at one of its plants; when the incident also
/// has parts elsewhere, it sees a filtered view (<see cref="Incident.Partial"/>): its plants' parts, the notes that
/// change owner or status, its plants' share of the zone path, and severity and title computed from what it sees.
/// Anything else does not exist for it. Assigning and closing an incident that spans plants outside the caller's scope
/// is a fleet role's alone; commenting is allowed on what the caller sees.
/// </summary>
public static class IncidentVisibility
{
    /// <summary>The incident as <paramref name="principal"/> may see it, or null when it may not know it exists.</summary>
    public static Incident? View(Principal principal, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(incident);
        if (Authorizer.IsFleetWide(principal.Role))
        {
            return incident;
        }

        if (!incident.Plants.Any(principal.Plants.Contains))
        {
            return null;
        }

        if (incident.Plants.All(principal.Plants.Contains))
        {
            return incident;
        }

        var parts = incident.Parts
            .Where(p => p.Plant is { } plant ? principal.Plants.Contains(plant) : IncidentChanges.IsStatusNote(p))
            .ToList();
        var path = incident.ZonePath
            .Where(z => principal.Plants.Any(p => z.StartsWith(p.Value + "/", StringComparison.Ordinal)))
            .ToList();
        return IncidentCorrelator.Summarize(incident with { Parts = parts, ZonePath = path, Partial = true });
    }

    /// <summary>
    /// May <paramref name="principal"/> assign or close (<paramref name="wholeIncident"/>) or comment on the incident?
    /// </summary>
    public static AuthorizationDecision DecideChange(Principal principal, Incident incident, bool wholeIncident)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(incident);
        if (View(principal, incident) is null)
        {
            return AuthorizationDecision.NotFound($"Incident '{incident.Id}' is outside the caller's scope.");
        }

        var mine = Authorizer.IsFleetWide(principal.Role) ? incident.Plants : incident.Plants.Where(principal.Plants.Contains).ToList();
        var decision = mine.Count == 0
            ? Authorizer.Decide(principal, AdminAction.ChangeIncidents)
            : mine.Select(p => Authorizer.Decide(principal, AdminAction.ChangeIncidents, p)).FirstOrDefault(d => d.IsAllowed)
                ?? Authorizer.Decide(principal, AdminAction.ChangeIncidents, mine[0]);
        if (!decision.IsAllowed || !wholeIncident || Authorizer.IsFleetWide(principal.Role) || incident.Plants.All(principal.Plants.Contains))
        {
            return decision;
        }

        return AuthorizationDecision.Denied(
            $"Incident '{incident.Id}' spans plants outside your scope: a fleet admin assigns and closes it; you may comment on your plants' part.");
    }

    /// <summary>The plant a plant-scoped caller's comment belongs to: the one plant of the incident it sees, if exactly one.</summary>
    public static PlantId? CommentPlant(Principal principal, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(incident);
        if (Authorizer.IsFleetWide(principal.Role))
        {
            return null;
        }

        var mine = incident.Plants.Where(principal.Plants.Contains).ToList();
        return mine.Count == 1 ? mine[0] : null;
    }
}
