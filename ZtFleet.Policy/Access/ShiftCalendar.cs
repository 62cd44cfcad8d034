using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The occurrences of a weekly recurring period (a shift or a maintenance window) in a plant's time zone: which
/// occurrence contains an instant, and when the next one starts or the current one ends.
/// </summary>
/// <remarks>
/// <para>
/// An occurrence starts at <see cref="Start"/> on each of <see cref="Days"/> (plant local time) and ends at
/// <see cref="End"/> the same day, or the next day when <see cref="End"/> is earlier than or equal to
/// <see cref="Start"/> (a night shift 22:00–06:00 that starts on Sunday ends on Monday morning). Occurrences are
/// half-open: the end instant belongs to the next period, not to the occurrence.
/// </para>
/// <para>
/// Daylight saving: a local time that does not exist (the clock jumps forward over it) maps to the first valid
/// instant after the gap; a local time that exists twice (the clock falls back) maps to its first occurrence, the one
/// at the earlier (summer) offset. The same rule applies to starts and ends, so in Europe/Berlin a night shift
/// 22:00–06:00 lasts 7 hours in the night of the spring change and 9 hours in the night of the autumn change, and
/// a window 02:30–03:30 on the spring change starts at 03:00 (CEST).
/// </para>
/// <para>
/// The calendar is immutable in meaning and safe to share between threads. It remembers the last stretch of time it
/// computed (an occurrence, or the gap between two), so that deciding thousands of requests at about the same time
/// converts no time zone at all; the memo is replaced atomically and never changes an answer.
/// </para>
/// </remarks>
public sealed class ShiftCalendar
{
    // Occurrences are searched this many days either side of the instant's local date: enough for any weekly
    // pattern to show the previous end and the next start, whatever the days.
    private const int SearchDays = 8;

    private readonly int _dayMask;
    private Segment? _segment;

    /// <summary>Creates a calendar.</summary>
    /// <param name="id">The id of the shift or window (used in explanations).</param>
    /// <param name="timeZone">The plant's time zone.</param>
    /// <param name="start">Local start time.</param>
    /// <param name="end">Local end time; earlier than or equal to <paramref name="start"/>: the next day.</param>
    /// <param name="days">The days an occurrence starts on; undefined values are ignored, none means never.</param>
    public ShiftCalendar(string id, TimeZoneInfo timeZone, TimeOnly start, TimeOnly end, IEnumerable<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(days);
        Id = id;
        TimeZone = timeZone;
        Start = start;
        End = end;
        Days = days.Where(Enum.IsDefined).Distinct().Order().ToArray();
        foreach (var day in Days)
        {
            _dayMask |= 1 << (int)day;
        }
    }

    /// <summary>The id of the shift or maintenance window.</summary>
    public string Id { get; }

    public TimeZoneInfo TimeZone { get; }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    public IReadOnlyList<DayOfWeek> Days { get; }

    /// <summary>The calendar of a shift.</summary>
    public static ShiftCalendar For(TimeZoneInfo timeZone, ShiftSpec shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        return new ShiftCalendar(shift.Id, timeZone, shift.Start, shift.End, shift.Days ?? []);
    }

    /// <summary>The calendar of a maintenance window.</summary>
    public static ShiftCalendar For(TimeZoneInfo timeZone, MaintenanceWindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new ShiftCalendar(window.Id, timeZone, window.Start, window.End, window.Days ?? []);
    }

    /// <summary>
    /// The occurrence that contains <paramref name="at"/> (start inclusive, end exclusive), with both instants at
    /// the plant's local offset. An overnight occurrence that started the day before counts.
    /// </summary>
    public bool TryGetInterval(DateTimeOffset at, out DateTimeOffset start, out DateTimeOffset end)
    {
        var segment = Lookup(at);
        start = segment.Start;
        end = segment.End;
        return segment.Inside;
    }

    /// <summary>
    /// The first instant after <paramref name="at"/> at which being inside changes: the end of the containing
    /// occurrence, or the start of the next one; null when the calendar has no days.
    /// </summary>
    public DateTimeOffset? NextBoundary(DateTimeOffset at)
    {
        var segment = Lookup(at);
        return segment.Inside ? segment.End : segment.NextStart;
    }

    /// <summary>The start of the next occurrence after <paramref name="at"/> (strictly later); null when there are no days.</summary>
    public DateTimeOffset? NextStart(DateTimeOffset at)
    {
        var segment = Lookup(at);
        if (!segment.Inside)
        {
            return segment.NextStart;
        }

        // Inside: the next start is at or after this occurrence's end. Computed without touching the memo, which
        // keeps serving the present.
        var following = Compute(segment.End);
        return following.Inside ? following.Start : following.NextStart;
    }

    /// <summary>
    /// The local time <paramref name="local"/> (its kind is ignored) as an instant in <paramref name="timeZone"/>,
    /// at the local offset: a time in a spring-forward gap becomes the first instant after the gap, a time that
    /// occurs twice in a fall-back becomes its first (earlier) occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo timeZone, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(local))
        {
            return AfterGap(timeZone, local);
        }

        if (timeZone.IsAmbiguousTime(local))
        {
            // The larger offset is the one in force before the clock fell back: the first occurrence.
            var offsets = timeZone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    /// <summary>The stretch of time containing <paramref name="at"/>, from the memo when it covers it.</summary>
    internal Segment Lookup(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var segment = Volatile.Read(ref _segment);
        if (segment is not null && ticks >= segment.FromTicks && ticks < segment.UntilTicks)
        {
            return segment;
        }

        segment = Compute(at);
        Volatile.Write(ref _segment, segment);
        return segment;
    }

    private Segment Compute(DateTimeOffset at)
    {
        if (_dayMask == 0)
        {
            return Segment.Never;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);
        (DateTimeOffset Start, DateTimeOffset End)? containing = null;
        DateTimeOffset? previousEnd = null;
        DateTimeOffset? nextStart = null;
        for (var offset = -SearchDays; offset <= SearchDays; offset++)
        {
            var day = today.AddDays(offset);
            if ((_dayMask & (1 << (int)day.DayOfWeek)) == 0)
            {
                continue;
            }

            var start = ToInstant(TimeZone, day.ToDateTime(Start));
            var end = ToInstant(TimeZone, (End > Start ? day : day.AddDays(1)).ToDateTime(End));
            if (start <= at && at < end)
            {
                // Only a 24-hour period stretched by a fall-back can overlap the next one; take the later start.
                if (containing is null || start > containing.Value.Start)
                {
                    containing = (start, end);
                }
            }
            else if (end <= at)
            {
                if (previousEnd is null || end > previousEnd)
                {
                    previousEnd = end;
                }
            }
            else if (start > at && (nextStart is null || start < nextStart))
            {
                nextStart = start;
            }
        }

        if (containing is { } inside)
        {
            return new Segment(inside.Start.UtcTicks, inside.End.UtcTicks, true, inside.Start, inside.End, null, null);
        }

        // Between two occurrences nothing changes from the previous end to the next start.
        return new Segment(
            previousEnd?.UtcTicks ?? long.MinValue,
            nextStart?.UtcTicks ?? long.MaxValue,
            false,
            default,
            default,
            previousEnd,
            nextStart);
    }

    private static DateTimeOffset AfterGap(TimeZoneInfo timeZone, DateTime local)
    {
        // The offsets either side of the gap, read a day away from it (zones do not change offset twice in two days).
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var before = timeZone.GetUtcOffset(new DateTimeOffset(asUtc.AddDays(-1), TimeSpan.Zero));
        var after = timeZone.GetUtcOffset(new DateTimeOffset(asUtc.AddDays(1), TimeSpan.Zero));

        // The transition lies between the instants the local time would have under either offset; find the first
        // instant with the new offset by bisection (tzdata transitions fall on whole seconds).
        var low = (local - after).Ticks;
        var high = (local - before).Ticks;
        if (low > high)
        {
            (low, high) = (high, low);
        }

        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (timeZone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return TimeZoneInfo.ConvertTime(new DateTimeOffset(low, TimeSpan.Zero), timeZone);
    }

    /// <summary>
    /// A stretch of time in which the answer does not change: one occurrence (<see cref="Inside"/>), or the gap
    /// between the previous end and the next start.
    /// </summary>
    internal sealed class Segment(
        long fromTicks,
        long untilTicks,
        bool inside,
        DateTimeOffset start,
        DateTimeOffset end,
        DateTimeOffset? previousEnd,
        DateTimeOffset? nextStart)
    {
        public static readonly Segment Never = new(long.MinValue, long.MaxValue, false, default, default, null, null);

        public long FromTicks { get; } = fromTicks;

        public long UntilTicks { get; } = untilTicks;

        public bool Inside { get; } = inside;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public DateTimeOffset? PreviousEnd { get; } = previousEnd;

        public DateTimeOffset? NextStart { get; } = nextStart;
    }
}
