using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Access;

/// <summary>
/// A request or a step of its workflow that the rules refuse (self-approval, a window too long, a second approval
/// by the same person…). <see cref="Field"/> names what is wrong, for a field violation at the API.
/// </summary>
[GenerateSerializer, Alias("ztfleet.AccessRequestException")]
public sealed class AccessRequestException : Exception
{
    public AccessRequestException()
    {
    }

    public AccessRequestException(string message)
        : base(message)
    {
    }

    public AccessRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AccessRequestException(string field, string message)
        : base(message) => Field = field;

    /// <summary>Every problem of a refused submission, one per field (empty for a refused workflow step).</summary>
    public AccessRequestException(IReadOnlyList<Violation> violations)
        : base(string.Join(" ", violations.Select(v => v.Description)))
    {
        Field = violations.Count > 0 ? violations[0].Field : string.Empty;
        Violations = violations;
    }

    [Id(0)]
    public string Field { get; init; } = string.Empty;

    [Id(1)]
    public IReadOnlyList<Violation> Violations { get; init; } = [];
}
