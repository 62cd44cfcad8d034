using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Agent.FailModes;

/// <summary>
/// The fail-mode rules as pure functions of the plant, the guarded zones and time: which rule the zones give, and
/// which mode the agent is in given its last contact with the control plane.
/// </summary>
public static class FailModePolicy
{
    /// <summary>
    /// The strictest rule of the guarded zones: any zone that fails closed makes the agent fail closed; otherwise the
    /// smallest fail-static bound wins. No snapshot, or no zone known: fail closed.
    /// </summary>
    /// <param name="snapshot">The plant as last known, or null when nothing was received yet.</param>
    /// <param name="zoneIds">The zones the point guards; empty: every zone of the plant.</param>
    public static FailModeRule Strictest(PlantSnapshot? snapshot, IReadOnlyCollection<string> zoneIds)
    {
        if (snapshot is null)
        {
            return FailModeRule.FailClosed;
        }

        if (zoneIds.Count == 0)
        {
            return Strictest(snapshot.Definition.Zones);
        }

        return Strictest(zoneIds.Select(id => ZoneId.TryParse(id, out var zone) && snapshot.TryGetZone(zone, out var spec) ? spec : null));
    }

    /// <summary>The strictest rule of these zones (an unknown zone, given as null, fails closed).</summary>
    public static FailModeRule Strictest(IEnumerable<ZoneSpec?> zones)
    {
        TimeSpan? bound = null;
        var unbounded = false;
        var any = false;
        foreach (var zone in zones)
        {
            any = true;
            if (zone is null || zone.FailMode != ZoneFailMode.Static)
            {
                return FailModeRule.FailClosed;
            }

            if (zone.FailStaticMinutes is { } minutes)
            {
                var span = TimeSpan.FromMinutes(Math.Max(0, minutes));
                bound = bound is { } current && current < span ? current : span;
            }
            else
            {
                unbounded = true;
            }
        }

        if (!any)
        {
            return FailModeRule.FailClosed;
        }

        // A bounded zone bounds the whole point; only all-unbounded zones leave it unbounded.
        return new FailModeRule(false, bound ?? (unbounded ? null : TimeSpan.Zero));
    }

    /// <summary>The mode at <paramref name="now"/>, given the last successful contact and the lease.</summary>
    public static ConnectionMode ModeAt(DateTimeOffset lastContact, DateTimeOffset now, TimeSpan lease, FailModeRule rule)
    {
        var leaseEnds = lastContact + lease;
        if (now < leaseEnds)
        {
            return ConnectionMode.Connected;
        }

        if (rule.Closed)
        {
            return ConnectionMode.FailClosed;
        }

        return rule.StaticBound is { } bound && now >= leaseEnds + bound ? ConnectionMode.FailClosed : ConnectionMode.FailStatic;
    }
}
