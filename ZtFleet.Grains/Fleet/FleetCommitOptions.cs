namespace ZtFleet.Grains.Fleet;

/// <summary>
/// How the fleet grain drives a decided apply to completion: a grain timer retries with back-off while the activation
/// lives, a reminder (at least a minute apart, Orleans' minimum) is the durable backstop across crashes.
/// </summary>
public sealed class FleetCommitOptions
{
    /// <summary>The wait before the first retry of a commit round that did not finish; doubled after every failure.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two commit rounds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the backstop reminder fires while an apply is pending (Orleans refuses less than a minute).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many applies' statuses the fleet grain keeps for <c>GetApplyStatus</c>.</summary>
    public int StatusesKept { get; set; } = 20;
}
