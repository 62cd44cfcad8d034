namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// The distinct destinations and destination ports one source reached recently, each set bounded by its threshold:
/// a scan is reaching the threshold of either within the window. Firing empties both.
/// </summary>
internal sealed class ScanWindow
{
    private readonly Dictionary<string, (DateTimeOffset At, string Id)> _destinations = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (DateTimeOffset At, string Id)> _ports = [];

    /// <summary>What a completed scan reached, or null.</summary>
    public (string What, int Count, IReadOnlyList<string> Ids)? Add(DateTimeOffset at, string destination, int? port, string id, PlantDetectorSettings settings)
    {
        var from = at - settings.Window;
        if (Reached(_destinations, destination, at, id, settings.ScanDestinations, from) is { } byDestination)
        {
            return Fire("destinations", byDestination);
        }

        if (port is { } p && Reached(_ports, p, at, id, settings.ScanPorts, from) is { } byPort)
        {
            return Fire("ports", byPort);
        }

        return null;
    }

    private (string, int, IReadOnlyList<string>) Fire(string what, List<string> ids)
    {
        _destinations.Clear();
        _ports.Clear();
        return (what, ids.Count, ids);
    }

    private static List<string>? Reached<TKey>(Dictionary<TKey, (DateTimeOffset At, string Id)> seen, TKey key, DateTimeOffset at, string id, int threshold, DateTimeOffset from)
        where TKey : notnull
    {
        seen[key] = seen.TryGetValue(key, out var before) && before.At > at ? before : (at, id);
        if (seen.Count < threshold)
        {
            return null;
        }

        foreach (var stale in seen.Where(entry => entry.Value.At < from).Select(entry => entry.Key).ToList())
        {
            seen.Remove(stale);
        }

        return seen.Count >= threshold ? [.. seen.Values.OrderBy(v => v.At).Select(v => v.Id)] : null;
    }
}
