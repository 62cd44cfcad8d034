namespace ZtFleet.Grains.Propagation;

/// <summary>
/// Another writer already stored this epoch for this plant: this activation's view of the log is stale (a
/// duplicate activation, or a restart that missed entries). It must reload the log's tail, never overwrite.
/// </summary>
[GenerateSerializer, Alias("ztfleet.DeltaEpochConflictException")]
public sealed class DeltaEpochConflictException : Exception
{
    public DeltaEpochConflictException()
    {
    }

    public DeltaEpochConflictException(string message)
        : base(message)
    {
    }

    public DeltaEpochConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
