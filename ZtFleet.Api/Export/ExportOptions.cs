namespace ZtFleet.Api.Export;

/// <summary>
/// <c>ZtFleet:Export</c>: the SIEM destinations this API process delivers the export outbox to, and how it reads the
/// outbox (docs/export.md). Validated at start (<see cref="ExportOptionsValidator"/>); every API process of a
/// deployment should carry the same destinations: for each, one process at a time sends.
/// </summary>
public sealed class ExportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ZtFleet:Export";

    /// <summary>Where records go.</summary>
    public List<ExportDestinationOptions> Destinations { get; set; } = [];

    /// <summary>How many outbox records one read takes (and so at most how many are in flight per destination).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How long a sender with nothing to send waits before it reads the outbox again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a standby process tries to become a destination's sender.</summary>
    public TimeSpan StandbyRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest wait after a failed send; it doubles up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait after failed sends.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often what every destination has passed is deleted from the outbox.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many access and flow decisions may wait for the outbox in this process (Check never waits for the
    /// database); past it, decisions are counted as not exported and logged.
    /// </summary>
    public int DecisionQueueCapacity { get; set; } = 100_000;

    /// <summary>The exporter's own Npgsql pool maximum (its readers, the decision writer, status and retention).</summary>
    public int MaxPoolSize { get; set; } = 8;
}
