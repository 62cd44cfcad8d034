namespace ZtFleet.Grains.Storage;

/// <summary>
/// The database refused an operation for a reason a retry does not cure (a constraint, a permission, a missing
/// table): a fault to investigate, not an outage. The API answers it as <c>INTERNAL</c>, without its text.
/// </summary>
/// <remarks>Kept apart from <see cref="StorageUnavailableException"/> so the two stay distinguishable.</remarks>
[GenerateSerializer, Alias("ztfleet.StorageFailedException")]
public sealed class StorageFailedException : StorageException
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
        : base(store, sqlState, message)
    {
    }
}
