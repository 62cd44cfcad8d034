using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Audit;

/// <summary>
/// <c>ZtFleet:Audit:Refusals</c>: how many refused requests are audited one by one before the rest are only counted
/// (see <see cref="RefusalThrottle"/>). Every refusal still reaches the audit chain, individually or in a summary.
/// </summary>
public sealed class RefusalAuditOptions
{
    public const string Section = "ZtFleet:Audit:Refusals";

    /// <summary>The default <see cref="Window"/>: one minute.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    /// <summary>The default <see cref="PerKey"/>: five records per caller, method and status a window.</summary>
    public const int DefaultPerKey = 5;

    /// <summary>The default <see cref="PerWindow"/>: 600 individual records a window across all callers.</summary>
    public const int DefaultPerWindow = 600;

    /// <summary>The default <see cref="MaxKeys"/>: 10,000 callers, methods and statuses tracked at once.</summary>
    public const int DefaultMaxKeys = 10_000;

    /// <summary>The default <see cref="FlushInterval"/>: ten seconds.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a key's window lasts from its first refusal (and the global window from the first refusal after the
    /// previous one closed); when it closes, what was only counted is written as one summary record.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "ZtFleet:Audit:Refusals:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = DefaultWindow;

    /// <summary>How many refusals of one key (caller, method, status) a window are audited one by one.</summary>
    [Range(0, 10_000, ErrorMessage = "ZtFleet:Audit:Refusals:PerKey must be between 0 and 10000.")]
    public int PerKey { get; set; } = DefaultPerKey;

    /// <summary>How many refusals a window, across every key, are audited one by one (rotating sources, many callers).</summary>
    [Range(0, 1_000_000, ErrorMessage = "ZtFleet:Audit:Refusals:PerWindow must be between 0 and 1000000.")]
    public int PerWindow { get; set; } = DefaultPerWindow;

    /// <summary>How many keys are tracked at once; refusals of further keys are counted under one overflow key.</summary>
    [Range(1, 1_000_000, ErrorMessage = "ZtFleet:Audit:Refusals:MaxKeys must be between 1 and 1000000.")]
    public int MaxKeys { get; set; } = DefaultMaxKeys;

    /// <summary>How often closed windows are looked for, so a burst that stopped is still summarised.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "ZtFleet:Audit:Refusals:FlushInterval must be between 100 ms and 1 hour.")]
    public TimeSpan FlushInterval { get; set; } = DefaultFlushInterval;
}
