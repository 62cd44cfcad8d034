namespace ZtFleet.Grains.Monitoring;

/// <summary>How a plant's observed flow grain bounds and writes what it keeps.</summary>
public sealed class ObservedFlowOptions
{
    /// <summary>How many distinct flows (keys) a plant keeps; events of further flows are counted, not kept.</summary>
    public int MaxFlowsPerPlant { get; set; } = 100_000;

    /// <summary>How often changed flows are written; what arrived since the last write is lost if the silo crashes.</summary>
    public TimeSpan FlushPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many flows one database command writes at most.</summary>
    public int FlushBatchSize { get; set; } = 5_000;
}
