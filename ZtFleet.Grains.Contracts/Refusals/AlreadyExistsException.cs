namespace ZtFleet.Grains.Refusals;

/// <summary>What the request would create exists already and cannot be created again (a point enrolled once): ALREADY_EXISTS.</summary>
[GenerateSerializer, Alias("ztfleet.AlreadyExistsException")]
public sealed class AlreadyExistsException : RefusalException
{
    public AlreadyExistsException()
    {
    }

    public AlreadyExistsException(string message)
        : base(message)
    {
    }

    public AlreadyExistsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
