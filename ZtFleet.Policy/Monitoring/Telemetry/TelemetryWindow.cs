namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// How far an event's time may lie from the receiver's clock: senders buffer during an outage, so the past reaches
/// back further (<see cref="MaxAge"/>, a day by default) than the future (<see cref="MaxAhead"/>, clock skew only).
/// </summary>
/// <param name="MaxAge">How old an event may be.</param>
/// <param name="MaxAhead">How far in the future an event may be.</param>
public sealed record TelemetryWindow(TimeSpan MaxAge, TimeSpan MaxAhead)
{
    /// <summary>24 hours back, 5 minutes ahead.</summary>
    public static TelemetryWindow Default { get; } = new(TimeSpan.FromHours(24), TimeSpan.FromMinutes(5));

    /// <summary>Whether <paramref name="at"/> is inside the window around <paramref name="now"/>.</summary>
    public bool Contains(DateTimeOffset at, DateTimeOffset now) => at >= now - MaxAge && at <= now + MaxAhead;
}
