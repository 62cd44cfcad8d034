namespace ZtFleet.Policy.Audit;

/// <summary>
/// Which records of one chain to list, one page at a time. Every filter is optional; together they must all hold.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The most records a page holds.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// The actor: exactly this text, or a subject whose actor text is "<c>subject (role)</c>"
    /// (<c>alice</c> matches <c>alice (plant-admin)</c>, not <c>alice2 (plant-admin)</c>).
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>Actions that start with this text (<c>decision.</c>, <c>quarantine.</c>).</summary>
    public string? ActionPrefix { get; init; }

    /// <summary>The target (subject) of the record, exactly.</summary>
    public string? Target { get; init; }

    /// <summary>Oldest (lowest sequence) first; newest first otherwise.</summary>
    public bool OldestFirst { get; init; }

    /// <summary>
    /// Where the previous page ended: records after this sequence (oldest first) or before it (newest first).
    /// </summary>
    public long? Cursor { get; init; }

    /// <summary>The page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Whether <paramref name="record"/> passes every filter (cursor and order aside).</summary>
    public bool Matches(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = record.Entry;
        return (From is not { } from || entry.At >= from)
            && (To is not { } to || entry.At < to)
            && (Actor is not { } actor || entry.Actor == actor || entry.Actor.StartsWith(actor + " (", StringComparison.Ordinal))
            && (ActionPrefix is not { } prefix || entry.Action.StartsWith(prefix, StringComparison.Ordinal))
            && (Target is not { } target || entry.Target == target);
    }
}
