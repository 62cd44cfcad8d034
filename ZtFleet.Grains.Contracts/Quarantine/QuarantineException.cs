using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Quarantine;

/// <summary>A quarantine step the rules refuse; nothing was changed.</summary>
[GenerateSerializer, Alias("ztfleet.QuarantineException")]
public sealed class QuarantineException : Exception
{
    public QuarantineException()
    {
    }

    public QuarantineException(string message)
        : base(message)
    {
    }

    public QuarantineException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public QuarantineException(QuarantineRefusal refusal, string message)
        : base(message) => Refusal = refusal;

    /// <summary>An invalid request: every problem, one per field.</summary>
    public QuarantineException(IReadOnlyList<Violation> violations)
        : base(string.Join(" ", violations.Select(v => v.Description)))
    {
        Refusal = QuarantineRefusal.Invalid;
        Violations = violations;
    }

    [Id(0)]
    public QuarantineRefusal Refusal { get; init; } = QuarantineRefusal.FailedPrecondition;

    [Id(1)]
    public IReadOnlyList<Violation> Violations { get; init; } = [];
}
