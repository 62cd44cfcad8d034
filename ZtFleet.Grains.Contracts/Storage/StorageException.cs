using Orleans.Runtime;

namespace ZtFleet.Grains.Storage;

/// <summary>
/// What every storage boundary (grain state, reminders, the delta log, the audit and acknowledgement logs) throws
/// instead of the provider's own exception, which has no Orleans codec and would reach the caller as
/// <c>CodecNotFoundException</c>: <see cref="StorageUnavailableException"/> (transient) or
/// <see cref="StorageFailedException"/> (not).
/// </summary>
/// <remarks>
/// No inner exception, for the same reason: the provider's exception is logged where it happened. It derives from
/// <see cref="OrleansException"/> so Orleans' grain state bridge passes it on unchanged instead of wrapping it.
/// </remarks>
[GenerateSerializer, Alias("ztfleet.StorageException")]
public abstract class StorageException : OrleansException
{
    protected StorageException()
    {
    }

    protected StorageException(string message)
        : base(message)
    {
    }

    protected StorageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    protected StorageException(string store, string? sqlState, string message)
        : base(message)
    {
        Store = store;
        SqlState = sqlState;
    }

    /// <summary>Which store failed: <c>grain-state</c>, <c>reminders</c>, <c>delta-log</c>, <c>audit-log</c>, ….</summary>
    [Id(0)]
    public string Store { get; init; } = string.Empty;

    /// <summary>PostgreSQL's SQLSTATE when the server answered (<c>53300</c>: too many connections), else null.</summary>
    [Id(1)]
    public string? SqlState { get; init; }
}
