using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Audit;

/// <summary>
/// <c>ZtFleet:Audit:Denials</c>: how routine decision denials (<c>DecisionService/Check</c> and <c>BatchCheck</c>)
/// reach the audit chains (<see cref="DenialAudit"/>, docs/audit.md).
/// </summary>
public sealed class DenialAuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ZtFleet:Audit:Denials";

    /// <summary>Whether denials are audited at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many denials may wait in memory for the next flush; beyond, they are counted as dropped (and the count audited).</summary>
    [Range(100, 10_000_000, ErrorMessage = "ZtFleet:Audit:Denials:QueueCapacity must be between 100 and 10000000.")]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>How often waiting denials are written (default 250 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "ZtFleet:Audit:Denials:FlushInterval must be between 10 ms and 1 minute.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many waiting denials start a flush before the interval is up (default 1000).</summary>
    [Range(1, 10_000, ErrorMessage = "ZtFleet:Audit:Denials:FlushAt must be between 1 and 10000.")]
    public int FlushAt { get; set; } = 1000;
}
