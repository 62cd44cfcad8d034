namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>Fixed limits of telemetry ingestion (docs/telemetry.md).</summary>
public static class TelemetryLimits
{
    /// <summary>The most events one batch may hold; a larger batch is refused whole (and counted).</summary>
    public const int MaxBatchEvents = 5000;

    /// <summary>How many event refusals one acknowledgement lists (all are counted).</summary>
    public const int MaxRefusalsListed = 20;
}
