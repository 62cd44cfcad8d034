namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>
/// Compares two assessments and dates each change with the stored series (docs/compliance.md, "Comparison").
/// </summary>
/// <remarks>
/// Items are compared by key (<see cref="ComplianceItem"/>); an item whose rank differs improved or regressed. A change
/// between equally ranked values (met and attested) is neither. "Since when" walks the series back from the later
/// assessment while the item keeps the later value; the earliest assessment of that run is when the value began.
/// </remarks>
public static class ComplianceComparer
{
    /// <summary>
    /// What changed from <paramref name="before"/> to <paramref name="after"/>; <paramref name="series"/> is the stored
    /// series of the same scope up to <paramref name="after"/> (any order, may be empty: then each change dates from
    /// <paramref name="after"/>).
    /// </summary>
    public static ComplianceComparison Compare(ComplianceAssessment before, ComplianceAssessment after, IReadOnlyList<ComplianceStatePoint> series)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(series);
        var old = ComplianceItem.Flatten(before).ToDictionary(i => i.Key, StringComparer.Ordinal);
        var now = ComplianceItem.Flatten(after);
        var ordered = Ordered(series, after);
        var improved = new List<ComplianceChange>();
        var regressed = new List<ComplianceChange>();
        var unchanged = 0;
        var added = 0;
        foreach (var item in now)
        {
            if (!old.TryGetValue(item.Key, out var was))
            {
                added++;
                continue;
            }

            if (was.Rank is not { } from || item.Rank is not { } to || from == to)
            {
                unchanged++;
                continue;
            }

            var (since, sinceId, lowerBound) = Since(ordered, item.Key, item.Value);
            var change = new ComplianceChange(
                item.Key, item.Kind, item.Plant, item.Label, was.Value, item.Value,
                to > from ? ChangeDirection.Improved : ChangeDirection.Regressed, since, sinceId, lowerBound);
            (to > from ? improved : regressed).Add(change);
        }

        var present = now.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var removed = old.Keys.Count(k => !present.Contains(k));
        return new ComplianceComparison(before.Id, before.At, after.Id, after.At, improved, regressed, unchanged, added, removed);
    }

    /// <summary>
    /// Since when <paramref name="key"/> has held <paramref name="value"/> in <paramref name="series"/> (oldest first,
    /// ending with the assessment in question): the earliest point of the unbroken run at its end, and whether that run
    /// reaches the series' first point (the value may hold from earlier).
    /// </summary>
    public static (DateTimeOffset At, string Id, bool LowerBound) Since(IReadOnlyList<ComplianceStatePoint> series, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("The series holds at least the assessment in question.", nameof(series));
        }

        var first = series.Count - 1;
        while (first > 0 && series[first - 1].State.TryGetValue(key, out var earlier) && string.Equals(earlier, value, StringComparison.Ordinal))
        {
            first--;
        }

        return (series[first].At, series[first].Id, first == 0);
    }

    /// <summary>The series oldest first up to and including <paramref name="after"/>, which is added when it is missing.</summary>
    private static List<ComplianceStatePoint> Ordered(IReadOnlyList<ComplianceStatePoint> series, ComplianceAssessment after)
    {
        var ordered = series
            .Where(p => p.At < after.At || (p.At == after.At && string.CompareOrdinal(p.Id, after.Id) <= 0))
            .Where(p => !string.Equals(p.Id, after.Id, StringComparison.Ordinal))
            .OrderBy(p => p.At).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        ordered.Add(new ComplianceStatePoint(after.Id, after.At, ComplianceItem.StateOf(after)));
        return ordered;
    }
}
