using Orleans.Runtime;

namespace ZtFleet.Grains.Storage;

/// <summary>
/// The database refused an operation for a reason a retry does not cure (a constraint, a permission, a missing
/// table): a fault to investigate, not an outage. The API answers it as <c>INTERNAL</c>, without its text.
/// </summary>
/// <remarks>
/// The counterpart of <see cref="StorageUnavailableException"/> for errors that are not transient, so that no provider
/// exception crosses a grain call (it would arrive as <c>CodecNotFoundException</c>) and the two stay
/// distinguishable. No inner exception, for the same reason; the provider's exception is logged where it happened.
/// </remarks>
[GenerateSerializer, Alias("ztfleet.StorageFailedException")]
public sealed class StorageFailedException : OrleansException
{
    public StorageFailedException()
    {
    }

    public StorageFailedException(string message)
        : base(message)
    {
    }

    public StorageFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StorageFailedException(string store, string? sqlState, string message)
        : base(message)
    {
        Store = store;
        SqlState = sqlState;
    }

    /// <summary>Which store failed: <c>grain-state</c>, <c>reminders</c>, <c>delta-log</c> or <c>audit-log</c>.</summary>
    [Id(0)]
    public string Store { get; init; } = string.Empty;

    /// <summary>PostgreSQL's SQLSTATE when the server answered, else null.</summary>
    [Id(1)]
    public string? SqlState { get; init; }
}
