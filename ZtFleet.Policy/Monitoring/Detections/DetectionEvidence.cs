namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// Evidence lists bounded to <see cref="Finding.MaxEvidence"/> ids: when there are more, the first ones (how it started)
/// and the latest ones (that it goes on) are kept, and the middle is dropped.
/// </summary>
public static class DetectionEvidence
{
    /// <summary><paramref name="kept"/> followed by the ids of <paramref name="added"/> it does not have, bounded.</summary>
    public static IReadOnlyList<string> Merge(IReadOnlyList<string> kept, IEnumerable<string> added)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(added);
        var all = new List<string>(kept);
        var seen = new HashSet<string>(kept, StringComparer.Ordinal);
        foreach (var id in added)
        {
            if (seen.Add(id))
            {
                all.Add(id);
            }
        }

        return Bound(all);
    }

    /// <summary>The first half and the last half of <paramref name="ids"/> when it holds more than the maximum.</summary>
    public static IReadOnlyList<string> Bound(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count <= Finding.MaxEvidence)
        {
            return ids;
        }

        var first = Finding.MaxEvidence / 2;
        var last = Finding.MaxEvidence - first;
        return [.. ids.Take(first), .. ids.Skip(ids.Count - last)];
    }
}
