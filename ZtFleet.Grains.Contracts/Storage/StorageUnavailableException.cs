using Orleans.Runtime;

namespace ZtFleet.Grains.Storage;

/// <summary>
/// The database could not be reached, refused a connection, or did not answer in time: a condition that passes
/// (a server restarting, its connections exhausted, a network break). Retry the call; ZtFleet's writes are
/// idempotent where a retry could repeat one. The API answers it as <c>UNAVAILABLE</c>.
/// </summary>
/// <remarks>
/// Thrown at every storage boundary (grain state, reminders, the delta log, the audit log) instead of the provider's
/// own exception, which has no Orleans codec and would reach the caller as <c>CodecNotFoundException</c>. It carries
/// no inner exception for the same reason: the provider's exception is logged where it happened. It derives from
/// <see cref="OrleansException"/> so Orleans' grain state bridge passes it on unchanged instead of wrapping it.
/// </remarks>
[GenerateSerializer, Alias("ztfleet.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StorageUnavailableException(string store, string? sqlState, string message)
        : base(message)
    {
        Store = store;
        SqlState = sqlState;
    }

    /// <summary>Which store failed: <c>grain-state</c>, <c>reminders</c>, <c>delta-log</c> or <c>audit-log</c>.</summary>
    [Id(0)]
    public string Store { get; init; } = string.Empty;

    /// <summary>PostgreSQL's SQLSTATE when the server answered (<c>53300</c>: too many connections), else null.</summary>
    [Id(1)]
    public string? SqlState { get; init; }
}
