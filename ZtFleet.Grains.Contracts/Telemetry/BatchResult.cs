namespace ZtFleet.Grains.Telemetry;

/// <summary>What became of a batch.</summary>
public enum BatchResult
{
    /// <summary>Processed and counted.</summary>
    Accepted = 1,

    /// <summary>At or below the acknowledged sequence: counted as a duplicate only.</summary>
    Duplicate = 2,

    /// <summary>Refused whole: counted as a refused batch only.</summary>
    Refused = 3,
}
