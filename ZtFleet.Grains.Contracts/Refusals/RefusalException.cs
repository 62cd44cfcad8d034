using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Refusals;

/// <summary>
/// A request the rules refuse; nothing was changed. Grains and services throw one of the sealed kinds below and the
/// API's exception interceptor, the one place that knows gRPC, turns it into a status: <see cref="InvalidRequestException"/>
/// INVALID_ARGUMENT, <see cref="NotFoundException"/> NOT_FOUND, <see cref="PermissionDeniedException"/> PERMISSION_DENIED,
/// <see cref="PreconditionFailedException"/> FAILED_PRECONDITION, <see cref="ConflictException"/> ABORTED,
/// <see cref="TemporarilyUnavailableException"/> UNAVAILABLE with a retry delay, <see cref="LimitExceededException"/>
/// RESOURCE_EXHAUSTED, <see cref="AlreadyExistsException"/> ALREADY_EXISTS, <see cref="UnauthenticatedException"/>
/// UNAUTHENTICATED.
/// </summary>
/// <remarks>
/// Serialisable, so a grain's refusal reaches the API process as itself. The message is for the caller: it never
/// quotes more of an input than <see cref="ZtFleet.Policy.Text.Echo.Of"/> allows.
/// </remarks>
[GenerateSerializer, Alias("ztfleet.RefusalException")]
public abstract class RefusalException : Exception
{
    protected RefusalException()
    {
    }

    protected RefusalException(string message)
        : base(message)
    {
    }

    protected RefusalException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// A machine-readable reason for clients (the name of a <c>ztfleet.v1.ErrorReason</c> value without its prefix,
    /// for example <c>APPLY_COMMITTING</c>); empty for the kind's default.
    /// </summary>
    [Id(0)]
    public string Reason { get; init; } = string.Empty;

    /// <summary>Facts a client may act on (an apply id, a retry time), passed on as ErrorInfo metadata.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>The request itself is wrong: every problem, one per field.</summary>
[GenerateSerializer, Alias("ztfleet.InvalidRequestException")]
public sealed class InvalidRequestException : RefusalException
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message)
        : base(message)
    {
    }

    public InvalidRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidRequestException(string message, IReadOnlyList<Violation> violations)
        : base(message) => Violations = violations;

    /// <summary>One field, one problem.</summary>
    public static InvalidRequestException Field(string field, string description) =>
        new($"Invalid request: {field} {description}", [new Violation(field, description)]);

    [Id(0)]
    public IReadOnlyList<Violation> Violations { get; init; } = [];
}

/// <summary>
/// What was named does not exist, or the caller may not know that it does (a caller scoped elsewhere gets this,
/// not PERMISSION_DENIED, so it learns nothing about other plants).
/// </summary>
[GenerateSerializer, Alias("ztfleet.NotFoundException")]
public sealed class NotFoundException : RefusalException
{
    public NotFoundException()
    {
    }

    public NotFoundException(string what)
        : base($"{what} not found.")
    {
    }

    public NotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The caller is known; its role or scope does not allow this.</summary>
[GenerateSerializer, Alias("ztfleet.PermissionDeniedException")]
public sealed class PermissionDeniedException : RefusalException
{
    public PermissionDeniedException()
    {
    }

    public PermissionDeniedException(string message)
        : base(message)
    {
    }

    public PermissionDeniedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The request is well formed but the state does not allow it (approving twice, lifting what is not quarantined).</summary>
[GenerateSerializer, Alias("ztfleet.PreconditionFailedException")]
public sealed class PreconditionFailedException : RefusalException
{
    public PreconditionFailedException()
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A concurrent change got there first; retrying later (after what <see cref="RefusalException.Metadata"/> names) may succeed.</summary>
[GenerateSerializer, Alias("ztfleet.ConflictException")]
public sealed class ConflictException : RefusalException
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Something that passes (a commit still running, a view still loading); retry after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("ztfleet.TemporarilyUnavailableException")]
public sealed class TemporarilyUnavailableException : RefusalException
{
    public TemporarilyUnavailableException()
    {
    }

    public TemporarilyUnavailableException(string message)
        : base(message)
    {
    }

    public TemporarilyUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    [Id(0)]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>A limit was reached (too many failed attempts, too large); <see cref="RetryAfter"/> says when, if ever, to try again.</summary>
[GenerateSerializer, Alias("ztfleet.LimitExceededException")]
public sealed class LimitExceededException : RefusalException
{
    public LimitExceededException()
    {
    }

    public LimitExceededException(string message)
        : base(message)
    {
    }

    public LimitExceededException(string message, Exception inner)
        : base(message, inner)
    {
    }

    [Id(0)]
    public TimeSpan? RetryAfter { get; init; }
}
