namespace ZtFleet.Grains.Compliance;

/// <summary>The compliance schedule, bound from <c>ZtFleet:Compliance</c> (docs/compliance.md, "Schedule").</summary>
public sealed class ComplianceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ZtFleet:Compliance";

    /// <summary>How often each scope (the fleet and every plant) is assessed on schedule: 10 minutes to 30 days; daily by default.</summary>
    public TimeSpan AssessmentInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the schedule's reminder looks for scopes that are due: the interval / 24, from 1 minute to 1 hour.</summary>
    public TimeSpan CheckPeriod => TimeSpan.FromTicks(Math.Clamp(AssessmentInterval.Ticks / 24, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromHours(1).Ticks));

    /// <summary>An assessment younger than the interval by less than this still counts as due (half a check period).</summary>
    public TimeSpan Tolerance => CheckPeriod / 2;

    /// <summary>True when the values are within their bounds.</summary>
    public bool IsValid => AssessmentInterval >= TimeSpan.FromMinutes(10) && AssessmentInterval <= TimeSpan.FromDays(30);
}
