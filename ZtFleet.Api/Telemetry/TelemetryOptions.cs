using System.ComponentModel.DataAnnotations;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Api.Telemetry;

/// <summary>
/// <c>ZtFleet:Telemetry</c>: the accepted time window of events and each sender's share of this API process
/// (docs/telemetry.md). Validated at start.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "ZtFleet:Telemetry";

    /// <summary>How old an event may be; senders buffer during outages, so a day by default.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "ZtFleet:Telemetry:MaxEventAge must be between 1 minute and 30 days.")]
    public TimeSpan MaxEventAge { get; set; } = TelemetryWindow.Default.MaxAge;

    /// <summary>How far ahead of this process's clock an event may be (clock skew); 5 minutes by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "ZtFleet:Telemetry:MaxEventAhead must be between 0 and 1 day.")]
    public TimeSpan MaxEventAhead { get; set; } = TelemetryWindow.Default.MaxAhead;

    /// <summary>Events per second one sender may send to this process before its stream is read more slowly.</summary>
    [Range(1, 10_000_000)]
    public int EventsPerSecond { get; set; } = 25_000;

    /// <summary>How many events one sender may send at once above its rate (after an outage, its buffer).</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 50_000;

    /// <summary>The time window as the pure core reads it.</summary>
    public TelemetryWindow Window => new(MaxEventAge, MaxEventAhead);
}
