namespace ZtFleet.Grains.Hosting;

/// <summary>
/// The clock of ZtFleet's own logic: grant windows, shifts, MFA age, acknowledgement times, token lifetimes. It is a
/// separate service from the <see cref="TimeProvider"/> that Orleans and ASP.NET Core use for heartbeats, membership
/// and timeouts, so a test can move ZtFleet's time by days (a shift ends, a grant expires) without the runtime
/// believing its silo missed every heartbeat and declaring it dead.
/// </summary>
public sealed class ControlPlaneClock(TimeProvider provider) : TimeProvider
{
    /// <summary>The real clock, for production.</summary>
    public static ControlPlaneClock Machine { get; } = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => provider.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => provider.LocalTimeZone;

    public override long TimestampFrequency => provider.TimestampFrequency;

    public override long GetTimestamp() => provider.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        provider.CreateTimer(callback, state, dueTime, period);
}
