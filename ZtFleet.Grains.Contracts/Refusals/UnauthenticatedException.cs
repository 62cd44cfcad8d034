namespace ZtFleet.Grains.Refusals;

/// <summary>
/// The credential the call was made with is no longer good (an enforcement point revoked, or never enrolled):
/// UNAUTHENTICATED, so the holder re-enrolls rather than retries.
/// </summary>
[GenerateSerializer, Alias("ztfleet.UnauthenticatedException")]
public sealed class UnauthenticatedException : RefusalException
{
    public UnauthenticatedException()
    {
    }

    public UnauthenticatedException(string message)
        : base(message)
    {
    }

    public UnauthenticatedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
