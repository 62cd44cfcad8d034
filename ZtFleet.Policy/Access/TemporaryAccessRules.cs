using System.Globalization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The rules a temporary access request must meet before anyone approves it, and how many approvers it needs.
/// Pure: the workflow grain asks, decides nothing itself.
/// </summary>
public static class TemporaryAccessRules
{
    /// <summary>How far ahead a window may reach unless configured otherwise (<c>ZtFleet:Access:MaxWindowAhead</c>).</summary>
    public static readonly TimeSpan DefaultMaxWindowAhead = TimeSpan.FromDays(90);

    /// <summary>No window starts or ends before this: an earlier time is a mistake (or a zeroed field), not a plan.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The window's own problems, as the API sees them before the request reaches its workflow: each end at or after
    /// <see cref="Earliest"/>, and the whole window at most <paramref name="maxAhead"/> after <paramref name="now"/>
    /// (a grant approved today for a date a year away would be a standing permission nobody remembers).
    /// </summary>
    public static IReadOnlyList<Violation> CheckWindow(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now, TimeSpan maxAhead)
    {
        var violations = new List<Violation>();
        AddRangeProblems(violations, notBefore, notAfter);
        var horizon = now + maxAhead;
        if (notBefore > horizon)
        {
            violations.Add(new Violation("not_before", $"The window may start at most {Days(maxAhead)} ahead (until {Time(horizon)})."));
        }
        else if (notAfter > horizon)
        {
            violations.Add(new Violation("not_after", $"The window may reach at most {Days(maxAhead)} ahead (until {Time(horizon)})."));
        }

        return violations;
    }

    /// <summary>Every problem of a request for <paramref name="plant"/>, as field violations; empty when it is acceptable.</summary>
    public static IReadOnlyList<Violation> Check(
        PlantSpec plant,
        FleetPolicy policy,
        IReadOnlyList<Operation> operations,
        IReadOnlyList<ZoneId> zones,
        IReadOnlyList<AssetId> assets,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        string justification,
        DateTimeOffset now)
    {
        var violations = new List<Violation>();
        if (operations.Count == 0 || operations.Any(o => o == Operation.Unspecified || !Enum.IsDefined(o)))
        {
            violations.Add(new Violation("operations", "List at least one known operation."));
        }

        if (zones.Count == 0 && assets.Count == 0)
        {
            violations.Add(new Violation("targets", "Name at least one zone or asset."));
        }

        violations.AddRange(zones.Where(z => plant.Zones.All(pz => pz.Id != z))
            .Select(z => new Violation("zones", $"Zone '{z}' does not exist at plant '{plant.Id}'.")));
        violations.AddRange(assets.Where(a => plant.Assets.All(pa => pa.Id != a))
            .Select(a => new Violation("assets", $"Asset '{a}' does not exist at plant '{plant.Id}'.")));

        AddRangeProblems(violations, notBefore, notAfter);
        if (notAfter <= notBefore)
        {
            violations.Add(new Violation("not_after", "The window must end after it starts."));
        }
        else if (notAfter <= now)
        {
            violations.Add(new Violation("not_after", "The window has already ended."));
        }
        else if (notAfter - notBefore > policy.MaxGrantDuration)
        {
            violations.Add(new Violation("not_after", $"The window may last at most {policy.MaxGrantHours} hours (fleet policy maxGrantHours)."));
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            violations.Add(new Violation("justification", "Say why the access is needed."));
        }

        return violations;
    }

    private static void AddRangeProblems(List<Violation> violations, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notBefore < Earliest)
        {
            violations.Add(new Violation("not_before", $"The window may not start before {Time(Earliest)}."));
        }

        if (notAfter < Earliest)
        {
            violations.Add(new Violation("not_after", $"The window may not end before {Time(Earliest)}."));
        }
    }

    private static string Days(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0
            ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} days"
            : span.ToString("c", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// One approver; the policy's <c>safetyApprovers</c> (never fewer than two) distinct ones when any target is, or
    /// contains, a safety function: a safety zone, or a safety-related asset.
    /// </summary>
    public static int RequiredApprovals(PlantSpec plant, FleetPolicy policy, IReadOnlyList<ZoneId> zones, IReadOnlyList<AssetId> assets)
    {
        var safetyZones = plant.Zones.Where(z => z.Kind == ZoneKind.Safety).Select(z => z.Id).ToHashSet();
        var safety = zones.Any(z => safetyZones.Contains(z) || plant.Assets.Any(a => a.Zone == z && a.SafetyRelated))
            || assets.Any(a => plant.Assets.Any(pa => pa.Id == a && (pa.SafetyRelated || safetyZones.Contains(pa.Zone))));
        return safety ? Math.Max(2, policy.SafetyApprovers) : 1;
    }

    /// <summary>
    /// Why <paramref name="approver"/> may not approve a request for <paramref name="identity"/> made by
    /// <paramref name="requestedBy"/> and approved by <paramref name="approvedBy"/> so far, or null when the approval counts:
    /// nobody approves a request they made or that is for them, and each approver counts once.
    /// </summary>
    public static ApprovalRefusal? RefuseApproval(string approver, IdentityId identity, string requestedBy, IEnumerable<string> approvedBy)
    {
        ArgumentNullException.ThrowIfNull(approvedBy);
        if (string.Equals(approver, identity.Value, StringComparison.Ordinal) || string.Equals(approver, requestedBy, StringComparison.Ordinal))
        {
            return new ApprovalRefusal(ApprovalRefusalKind.OwnRequest, "Nobody approves a request they made or that is for them.");
        }

        return approvedBy.Contains(approver, StringComparer.Ordinal)
            ? new ApprovalRefusal(ApprovalRefusalKind.AlreadyApproved, $"'{approver}' already approved this request; it needs a different approver.")
            : null;
    }
}
