using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Policy.Mfa;

/// <summary>The rules that limit guesses of a secret: failures in a window, lockouts that grow, what forgets them.</summary>
public sealed class AttemptLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private static readonly AttemptLimits Limits = AttemptLimits.Default;

    /// <summary>Refused attempts at these offsets (seconds from T0): when the last one starts a lockout, its end.</summary>
    public static TheoryData<int[], int?> Sequences => new()
    {
        { [0], null },
        { [0, 10, 20, 30], null },
        { [0, 10, 20, 30, 40], 40 + 60 },                    // the fifth within 5 minutes: 1 minute
        { [0, 60, 120, 180, 299], 299 + 60 },                // all five inside the window (299 s after the first)
        { [0, 60, 120, 180, 300], null },                    // the first has left the window (exactly 5 minutes)
        { [0, 1, 2, 3, 4, 64, 65, 66, 67, 68], 68 + 120 },   // after the first lockout ends, five more: 2 minutes
        { [0, 1, 2, 3, 4, 64, 65, 66, 67, 68, 188, 189, 190, 191, 192], 192 + 240 }, // then 4 minutes
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Failures_in_the_window_start_a_lockout_that_doubles(int[] offsets, int? lockedUntil)
    {
        var state = AttemptState.Initial;
        AttemptFailure? last = null;
        foreach (var offset in offsets)
        {
            var now = T0.AddSeconds(offset);
            Assert.Null(AttemptLimiter.LockedUntil(state, now));
            last = AttemptLimiter.Fail(state, Limits, now);
            state = last.State;
        }

        Assert.Equal(lockedUntil is null ? null : T0.AddSeconds(lockedUntil.Value), last!.LockoutUntil);
        Assert.Equal(lockedUntil is not null, last.StartedLockout);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]    // 64 minutes is capped at the hour
    [InlineData(40, 60)]
    [InlineData(int.MaxValue, 60)]
    public void Lockouts_double_up_to_the_longest(int previous, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), AttemptLimiter.LockoutLength(previous, Limits));
    }

    [Fact]
    public void During_a_lockout_every_attempt_is_refused_until_its_end_and_not_counted()
    {
        var state = FailTimes(AttemptState.Initial, T0, 5);
        var until = T0.AddSeconds(4).AddMinutes(1);

        Assert.Equal(until, AttemptLimiter.LockedUntil(state, T0.AddSeconds(5)));
        Assert.Equal(until, AttemptLimiter.LockedUntil(state, until.AddTicks(-1)));
        Assert.Null(AttemptLimiter.LockedUntil(state, until));
        Assert.Throws<InvalidOperationException>(() => AttemptLimiter.Fail(state, Limits, T0.AddSeconds(30)));
    }

    [Fact]
    public void A_quiet_day_forgets_the_lockouts_and_a_quiet_hour_does_not()
    {
        var once = FailTimes(AttemptState.Initial, T0, 5);
        Assert.Equal(1, once.Lockouts);

        var afterAnHour = FailTimes(once, T0.AddHours(1), 5);
        Assert.Equal(2, afterAnHour.Lockouts);
        Assert.Equal(T0.AddHours(1).AddSeconds(4).AddMinutes(2), afterAnHour.LockedUntil);

        var afterADay = FailTimes(afterAnHour, T0.AddHours(26), 5);
        Assert.Equal(1, afterADay.Lockouts);
        Assert.Equal(T0.AddHours(26).AddSeconds(4).AddMinutes(1), afterADay.LockedUntil);
    }

    [Fact]
    public void Waiting_out_the_longest_lockout_does_not_start_again_at_the_shortest()
    {
        var state = AttemptState.Initial;
        var now = T0;
        var lengths = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            state = FailTimes(state, now, 5);
            lengths.Add((int)(state.LockedUntil!.Value - state.LastFailure!.Value).TotalMinutes);
            now = state.LockedUntil.Value;
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], lengths);
    }

    [Fact]
    public void The_default_limits_are_usable_and_limits_that_limit_nothing_are_refused()
    {
        Assert.Empty(AttemptLimits.Default.Problems());
        Assert.Equal(4, new AttemptLimits(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(-1), TimeSpan.FromMinutes(-1)).Problems().Count);
        Assert.Single((AttemptLimits.Default with { QuietPeriod = TimeSpan.FromHours(1) }).Problems());
    }

    /// <summary><paramref name="count"/> refused attempts one second apart from <paramref name="start"/>.</summary>
    private static AttemptState FailTimes(AttemptState state, DateTimeOffset start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            state = AttemptLimiter.Fail(state, Limits, start.AddSeconds(i)).State;
        }

        return state;
    }
}
