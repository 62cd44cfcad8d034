using ZtFleet.Policy.Access;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>
/// Shifts and maintenance windows recur in the plant's IANA time zone. Europe/Berlin changes to summer time on
/// Sunday 29 March 2026 (02:00 → 03:00) and back on Sunday 25 October 2026 (03:00 → 02:00).
/// </summary>
public sealed class ShiftCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static readonly DayOfWeek[] EveryDay =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [Fact]
    public void Night_shift_crosses_midnight_on_an_ordinary_night()
    {
        var night = Calendar(22, 6, EveryDay);

        Assert.True(night.TryGetInterval(At(2026, 3, 11, 3, 0, Winter), out var start, out var end));

        Assert.Equal(At(2026, 3, 10, 22, 0, Winter), start);
        Assert.Equal(At(2026, 3, 11, 6, 0, Winter), end);
        Assert.Equal(TimeSpan.FromHours(8), end - start);
    }

    [Fact]
    public void Spring_forward_night_shift_lasts_seven_hours()
    {
        var night = Calendar(22, 6, [DayOfWeek.Saturday]);

        Assert.True(night.TryGetInterval(At(2026, 3, 29, 3, 30, Summer), out var start, out var end));

        Assert.Equal(At(2026, 3, 28, 22, 0, Winter), start);
        Assert.Equal(At(2026, 3, 29, 6, 0, Summer), end);
        Assert.Equal(TimeSpan.FromHours(7), end - start);
        Assert.Equal(Summer, end.Offset);
    }

    [Fact]
    public void Fall_back_night_shift_lasts_nine_hours_and_covers_the_repeated_hour_twice()
    {
        var night = Calendar(22, 6, [DayOfWeek.Saturday]);

        Assert.True(night.TryGetInterval(At(2026, 10, 25, 2, 30, Summer), out var start, out var end));
        Assert.True(night.TryGetInterval(At(2026, 10, 25, 2, 30, Winter), out var again, out _));

        Assert.Equal(At(2026, 10, 24, 22, 0, Summer), start);
        Assert.Equal(At(2026, 10, 25, 6, 0, Winter), end);
        Assert.Equal(TimeSpan.FromHours(9), end - start);
        Assert.Equal(start, again);
    }

    [Fact]
    public void Days_are_the_days_the_shift_starts_on()
    {
        // Starts Monday evening only: Tuesday early morning is inside, Monday early morning is not.
        var night = Calendar(22, 6, [DayOfWeek.Monday]);

        Assert.True(night.TryGetInterval(At(2026, 3, 10, 5, 59, Winter), out var start, out _));
        Assert.Equal(At(2026, 3, 9, 22, 0, Winter), start);
        Assert.False(night.TryGetInterval(At(2026, 3, 9, 5, 0, Winter), out _, out _));
        Assert.False(night.TryGetInterval(At(2026, 3, 10, 22, 30, Winter), out _, out _));
    }

    [Fact]
    public void Start_is_inclusive_and_end_exclusive()
    {
        var early = Calendar(6, 14, EveryDay);

        Assert.True(early.TryGetInterval(At(2026, 3, 10, 6, 0, Winter), out _, out _));
        Assert.False(early.TryGetInterval(At(2026, 3, 10, 14, 0, Winter), out _, out _));
        Assert.False(early.TryGetInterval(At(2026, 3, 10, 5, 59, Winter), out _, out _));
    }

    [Fact]
    public void Next_boundary_is_the_end_inside_and_the_next_start_outside()
    {
        var night = Calendar(22, 6, [DayOfWeek.Monday, DayOfWeek.Friday]);

        Assert.Equal(At(2026, 3, 10, 6, 0, Winter), night.NextBoundary(At(2026, 3, 10, 1, 0, Winter)));
        Assert.Equal(At(2026, 3, 13, 22, 0, Winter), night.NextBoundary(At(2026, 3, 10, 6, 0, Winter)));
        Assert.Equal(At(2026, 3, 16, 22, 0, Winter), night.NextStart(At(2026, 3, 14, 1, 0, Winter)));
        Assert.Equal(At(2026, 3, 13, 22, 0, Winter), night.NextStart(At(2026, 3, 10, 1, 0, Winter)));
    }

    [Fact]
    public void Start_in_the_spring_gap_moves_to_the_end_of_the_gap()
    {
        var window = new ShiftCalendar("w", Berlin, new TimeOnly(2, 30), new TimeOnly(4, 0), [DayOfWeek.Sunday]);

        Assert.True(window.TryGetInterval(At(2026, 3, 29, 3, 15, Summer), out var start, out var end));

        Assert.Equal(At(2026, 3, 29, 3, 0, Summer), start);
        Assert.Equal(At(2026, 3, 29, 4, 0, Summer), end);
        Assert.False(window.TryGetInterval(At(2026, 3, 29, 1, 59, Winter), out _, out _));
    }

    [Fact]
    public void Ambiguous_start_and_end_in_the_autumn_take_the_first_occurrence()
    {
        var window = new ShiftCalendar("w", Berlin, new TimeOnly(2, 10), new TimeOnly(2, 40), [DayOfWeek.Sunday]);

        Assert.True(window.TryGetInterval(At(2026, 10, 25, 2, 20, Summer), out var start, out var end));

        Assert.Equal(At(2026, 10, 25, 2, 10, Summer), start);
        Assert.Equal(At(2026, 10, 25, 2, 40, Summer), end);
        Assert.False(window.TryGetInterval(At(2026, 10, 25, 2, 20, Winter), out _, out _));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-29T02:30:00", "2026-03-29T03:00:00+02:00")]
    [InlineData("Europe/Berlin", "2026-10-25T02:30:00", "2026-10-25T02:30:00+02:00")]
    [InlineData("America/New_York", "2026-03-08T02:15:00", "2026-03-08T03:00:00-04:00")]
    [InlineData("America/New_York", "2026-11-01T01:30:00", "2026-11-01T01:30:00-04:00")]
    [InlineData("Australia/Lord_Howe", "2026-10-04T02:10:00", "2026-10-04T02:30:00+11:00")]
    [InlineData("Asia/Shanghai", "2026-03-29T02:30:00", "2026-03-29T02:30:00+08:00")]
    public void Local_times_map_to_instants_by_the_documented_rule(string zone, string local, string expected)
    {
        var instant = ShiftCalendar.ToInstant(TimeZoneInfo.FindSystemTimeZoneById(zone), DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, instant.Offset);
    }

    [Fact]
    public void Start_equal_to_end_is_a_whole_day()
    {
        var day = Calendar(6, 6, [DayOfWeek.Wednesday]);

        Assert.True(day.TryGetInterval(At(2026, 3, 12, 5, 0, Winter), out var start, out var end));

        Assert.Equal(At(2026, 3, 11, 6, 0, Winter), start);
        Assert.Equal(TimeSpan.FromHours(24), end - start);
    }

    [Fact]
    public void A_calendar_without_days_never_occurs()
    {
        var never = new ShiftCalendar("never", Berlin, new TimeOnly(6, 0), new TimeOnly(14, 0), []);

        Assert.False(never.TryGetInterval(At(2026, 3, 10, 10, 0, Winter), out _, out _));
        Assert.Null(never.NextBoundary(At(2026, 3, 10, 10, 0, Winter)));
    }

    [Fact]
    public void Remembering_the_last_stretch_never_changes_an_answer()
    {
        // Instants in an order that jumps back and forth across occurrences, gaps and both DST changes.
        var shared = Calendar(22, 6, [DayOfWeek.Sunday, DayOfWeek.Saturday, DayOfWeek.Wednesday]);
        var random = new Random(7);
        var origin = At(2026, 3, 1, 0, 0, Winter);
        for (var i = 0; i < 2_000; i++)
        {
            var at = origin.AddMinutes(random.Next(0, 60 * 24 * 250));
            var fresh = Calendar(22, 6, [DayOfWeek.Sunday, DayOfWeek.Saturday, DayOfWeek.Wednesday]);

            var inside = shared.TryGetInterval(at, out var start, out var end);

            Assert.Equal(fresh.TryGetInterval(at, out var freshStart, out var freshEnd), inside);
            Assert.Equal((freshStart, freshEnd), (start, end));
            Assert.Equal(fresh.NextBoundary(at), shared.NextBoundary(at));
        }
    }

    private static ShiftCalendar Calendar(int startHour, int endHour, DayOfWeek[] days) =>
        new("night", Berlin, new TimeOnly(startHour, 0), new TimeOnly(endHour, 0), days);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, TimeSpan offset) =>
        new(year, month, day, hour, minute, 0, offset);
}
