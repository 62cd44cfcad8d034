using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>The boundaries enforcement points are told of: shift ends after the grace, window ends without.</summary>
public sealed class PlantBoundariesTests
{
    private static readonly PlantSpec Berlin = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!.Plants.Single(p => p.Id.Value == "berlin");

    [Fact]
    public void A_night_shift_starts_at_its_local_start_and_ends_after_the_grace()
    {
        // Thursday 26 to Friday 27 November 2026, Berlin is UTC+1: night shift 22:00-06:00 local.
        var boundaries = PlantBoundaries.Between(
            Berlin with { MaintenanceWindows = [] }, FleetPolicy.Default with { ShiftGraceMinutes = 10 },
            new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [
                new PlantBoundary("night", new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), Starts: true),
                new PlantBoundary("night", new DateTimeOffset(2026, 11, 27, 5, 10, 0, TimeSpan.Zero), Starts: false),
            ],
            boundaries);
    }

    [Fact]
    public void A_maintenance_window_ends_without_grace_and_boundaries_come_in_time_order()
    {
        var window = new MaintenanceWindowSpec("saturday", "Saturday window", new TimeOnly(6, 0), new TimeOnly(14, 0), [DayOfWeek.Saturday]);

        var boundaries = PlantBoundaries.Between(
            Berlin with { MaintenanceWindows = [window] }, FleetPolicy.Default,
            new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [
                new PlantBoundary("saturday", new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero), Starts: true),
                // Friday's night shift ends Saturday 06:00 local, told 15 minutes of grace later.
                new PlantBoundary("night", new DateTimeOffset(2026, 11, 28, 5, 15, 0, TimeSpan.Zero), Starts: false),
                new PlantBoundary("saturday", new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.Zero), Starts: false),
            ],
            boundaries);
    }

    [Fact]
    public void Nothing_is_told_twice_across_consecutive_windows_of_time()
    {
        var first = PlantBoundaries.Between(Berlin, FleetPolicy.Default, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 5, 5, 0, TimeSpan.Zero));
        var second = PlantBoundaries.Between(Berlin, FleetPolicy.Default, new DateTimeOffset(2026, 11, 27, 5, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), Assert.Single(first).At);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 5, 15, 0, TimeSpan.Zero), Assert.Single(second).At);
    }
}
