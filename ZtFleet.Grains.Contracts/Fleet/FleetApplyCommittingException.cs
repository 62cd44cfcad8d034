namespace ZtFleet.Grains.Fleet;

/// <summary>
/// A different fleet document was sent while a decided apply is still being committed; nothing was changed. The
/// fleet grain commits one apply at a time, so the plants never hold a mix of two documents; the caller retries
/// once <see cref="IFleetGrain.GetApplyStatusAsync"/> reports the pending apply committed.
/// </summary>
[GenerateSerializer, Alias("ztfleet.FleetApplyCommittingException")]
public sealed class FleetApplyCommittingException : Exception
{
    public FleetApplyCommittingException()
    {
    }

    public FleetApplyCommittingException(string message)
        : base(message)
    {
    }

    public FleetApplyCommittingException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FleetApplyCommittingException(Guid applyId)
        : base($"Apply {applyId} is still committing; retry when GetApplyStatus reports it committed.") => ApplyId = applyId;

    /// <summary>The apply still being committed.</summary>
    [Id(0)]
    public Guid ApplyId { get; init; }
}
