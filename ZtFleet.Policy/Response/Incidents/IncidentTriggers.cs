using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// Which playbook incident rules an incident change fires: <see cref="IncidentRule.Opened"/> for a new incident, and
/// each of <see cref="IncidentRule.CrossPlant"/>, <see cref="IncidentRule.TowardSafety"/> and
/// <see cref="IncidentRule.ConduitChain"/> once, when the change makes it hold. A change that makes nothing newly hold
/// fires nothing, so an incident growing part by part does not fire its playbooks again and again.
/// </summary>
public static class IncidentTriggers
{
    /// <summary>The rules that hold for the incident as it is.</summary>
    public static IReadOnlyList<IncidentRule> Held(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var held = new List<IncidentRule>();
        if (incident.CrossPlant)
        {
            held.Add(IncidentRule.CrossPlant);
        }

        if (incident.TowardSafety)
        {
            held.Add(IncidentRule.TowardSafety);
        }

        if (incident.ConduitChain)
        {
            held.Add(IncidentRule.ConduitChain);
        }

        return held;
    }

    /// <summary>The rules <paramref name="after"/> fires given what held <paramref name="before"/> (null: it is new).</summary>
    public static IReadOnlyList<IncidentRule> Fired(Incident? before, Incident after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (after.Status == IncidentStatus.Closed)
        {
            return [];
        }

        var earlier = before is null ? [] : Held(before);
        var fired = Held(after).Where(r => !earlier.Contains(r)).ToList();
        if (before is null)
        {
            fired.Insert(0, IncidentRule.Opened);
        }

        return fired;
    }
}
