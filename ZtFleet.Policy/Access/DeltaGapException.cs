namespace ZtFleet.Policy.Access;

/// <summary>
/// A delta skipped epochs: the snapshot cannot apply it without losing changes. The holder must resynchronise from
/// the plant's delta log (deltas since <see cref="Expected"/> − 1, or a full snapshot).
/// </summary>
public sealed class DeltaGapException : Exception
{
    public DeltaGapException(long expected, long actual)
        : base($"expected the delta of epoch {expected}, got epoch {actual}; resynchronise from the delta log")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The epoch the snapshot needed next.</summary>
    public long Expected { get; }

    /// <summary>The epoch of the delta that arrived.</summary>
    public long Actual { get; }
}
