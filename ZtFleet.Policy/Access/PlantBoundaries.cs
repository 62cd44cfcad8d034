using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The shift and maintenance-window boundaries of a plant in its own time zone: what the plant grain tells
/// enforcement points so they drop cached sessions at once. Shift ends count after the policy's grace, as the
/// decision engine applies it; window ends have no grace.
/// </summary>
public static class PlantBoundaries
{
    /// <summary>Boundaries in (<paramref name="after"/>, <paramref name="until"/>], in time order (then by id).</summary>
    public static IReadOnlyList<PlantBoundary> Between(PlantSpec plant, FleetPolicy policy, DateTimeOffset after, DateTimeOffset until)
    {
        var found = new List<PlantBoundary>();
        foreach (var (calendar, endGrace) in Calendars(plant, policy.ShiftGrace))
        {
            // Ends are told after the grace, so look back by it for ends that happened just before 'after'.
            var cursor = after - endGrace;
            while (calendar.NextBoundary(cursor) is { } boundary && boundary <= until)
            {
                var starts = calendar.TryGetInterval(boundary, out var start, out _) && start == boundary;
                var at = starts ? boundary : boundary + endGrace;
                if (at > after && at <= until)
                {
                    found.Add(new PlantBoundary(calendar.Id, at, starts));
                }

                cursor = boundary;
            }
        }

        return found.OrderBy(b => b.At).ThenBy(b => b.Calendar, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(ShiftCalendar Calendar, TimeSpan EndGrace)> Calendars(PlantSpec plant, TimeSpan grace)
    {
        // An unknown time zone cannot be in a valid plant; without one there is nothing to tell.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(plant.TimeZone, out var zone))
        {
            return [];
        }

        return plant.Shifts.Select(s => (ShiftCalendar.For(zone, s), grace))
            .Concat(plant.DefinedMaintenanceWindows.Select(w => (ShiftCalendar.For(zone, w), TimeSpan.Zero)));
    }
}
