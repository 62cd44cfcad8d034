namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// A map of at most a given number of entries that forgets the least recently touched one when a new one would go
/// past the bound: the memory bound of each plant-wide detector.
/// </summary>
internal sealed class RecentlySeen<T>(int capacity)
    where T : class
{
    private readonly Dictionary<string, LinkedListNode<(string Key, T Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, T Value)> _order = new();

    public int Count => _entries.Count;

    /// <summary>The entry of <paramref name="key"/>, made by <paramref name="create"/> when absent; now the most recent.</summary>
    public T Touch(string key, Func<T> create)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddLast(node);
            return node.Value.Value;
        }

        if (_entries.Count >= capacity && _order.First is { } oldest)
        {
            _order.RemoveFirst();
            _entries.Remove(oldest.Value.Key);
        }

        var created = _order.AddLast((key, create()));
        _entries[key] = created;
        return created.Value.Value;
    }
}
