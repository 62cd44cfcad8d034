namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// The latest events of one source (or identity) for a burst detector: at most the threshold of them, so a burst is
/// "the threshold-th latest event is within the window of the latest". Firing empties it, so the next finding needs a
/// whole new burst.
/// </summary>
internal sealed class BurstWindow
{
    private readonly Queue<(DateTimeOffset At, string Id)> _events = new();

    /// <summary>Adds an event; returns the ids of the burst when this event completes one, otherwise null.</summary>
    public IReadOnlyList<string>? Add(DateTimeOffset at, string id, int threshold, TimeSpan window)
    {
        _events.Enqueue((at, id));
        while (_events.Count > threshold)
        {
            _events.Dequeue();
        }

        if (_events.Count < threshold)
        {
            return null;
        }

        var earliest = DateTimeOffset.MaxValue;
        var latest = DateTimeOffset.MinValue;
        foreach (var (time, _) in _events)
        {
            earliest = time < earliest ? time : earliest;
            latest = time > latest ? time : latest;
        }

        if (latest - earliest > window)
        {
            return null;
        }

        var ids = _events.Select(e => e.Id).ToList();
        _events.Clear();
        return ids;
    }
}
