namespace ZtFleet.Grains.Storage;

/// <summary>
/// The database could not be reached, refused a connection, or did not answer in time: a condition that passes
/// (a server restarting, its connections exhausted, a network break). Retry the call; ZtFleet's writes are
/// idempotent where a retry could repeat one. The API answers it as <c>UNAVAILABLE</c>.
/// </summary>
/// <remarks>The API answers it as <c>UNAVAILABLE</c> with a retry hint.</remarks>
[GenerateSerializer, Alias("ztfleet.StorageUnavailableException")]
public sealed class StorageUnavailableException : StorageException
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
        : base(store, sqlState, message)
    {
    }
}
