namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>Summarises events into <see cref="ObservedFlow"/>s, and merges summaries.</summary>
public static class ObservedFlows
{
    private static readonly IReadOnlyDictionary<string, long> NoOperations = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// The flows the flow and OT transaction events show, one per <see cref="ObservedFlow.Key"/>. Other kinds of event
    /// are not flows and are skipped.
    /// </summary>
    /// <remarks>
    /// Runs on every ingested batch: counts accumulate per flow in place and each flow is built once at the end, so a
    /// batch of a thousand polls of a few hundred PLCs costs a lookup per event, not a summary per event.
    /// </remarks>
    public static IReadOnlyList<ObservedFlow> Summarise(IEnumerable<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var flows = new Dictionary<(string Source, string Destination, int? Port, string Transport, string? Protocol), Tally>();
        foreach (var e in events)
        {
            var (source, destination, transport, protocol, operation, dropped, first, last) = e switch
            {
                FlowEvent f => (f.Source, f.Destination, f.Transport, f.Protocol, (string?)null, f.Action == FlowAction.Dropped,
                    f.At, f.End is { } end && end > f.At ? end : f.At),
                OtTransactionEvent t => (t.Source, t.Destination, "tcp", t.Protocol, t.Operation, t.Outcome == OtOutcome.Refused, t.At, t.At),
                _ => default,
            };
            if (source is null || destination is null)
            {
                continue;
            }

            var key = (source.Asset?.Value ?? source.ToString(), destination.Asset?.Value ?? destination.ToString(), destination.Port, transport, protocol);
            if (!flows.TryGetValue(key, out var tally))
            {
                flows[key] = tally = new Tally(source with { Port = null }, destination, transport, protocol, first, last);
            }

            tally.Add(operation, dropped, first, last);
        }

        return [.. flows.Values.Select(t => t.ToFlow())];
    }

    /// <summary>Two observations of the same flow as one: counts added (also per operation), the widest time span.</summary>
    /// <exception cref="ArgumentException">The flows have different keys.</exception>
    public static ObservedFlow Merge(ObservedFlow a, ObservedFlow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Key != b.Key)
        {
            throw new ArgumentException($"Flows '{a.Key}' and '{b.Key}' are not the same flow.", nameof(b));
        }

        IReadOnlyDictionary<string, long> operations = a.Operations;
        if (b.Operations.Count > 0)
        {
            var sum = new SortedDictionary<string, long>(a.Operations.ToDictionary(), StringComparer.Ordinal);
            foreach (var (operation, count) in b.Operations)
            {
                sum[operation] = sum.GetValueOrDefault(operation) + count;
            }

            operations = sum;
        }

        return a with
        {
            Operations = operations,
            Events = a.Events + b.Events,
            Dropped = a.Dropped + b.Dropped,
            FirstSeen = a.FirstSeen <= b.FirstSeen ? a.FirstSeen : b.FirstSeen,
            LastSeen = a.LastSeen >= b.LastSeen ? a.LastSeen : b.LastSeen,
        };
    }

    private sealed class Tally(ObservedHost source, ObservedHost destination, string transport, string? protocol, DateTimeOffset first, DateTimeOffset last)
    {
        private SortedDictionary<string, long>? _operations;
        private long _events;
        private long _dropped;
        private DateTimeOffset _first = first;
        private DateTimeOffset _last = last;

        public void Add(string? operation, bool dropped, DateTimeOffset first, DateTimeOffset last)
        {
            _events++;
            _dropped += dropped ? 1 : 0;
            _first = first < _first ? first : _first;
            _last = last > _last ? last : _last;
            if (operation is not null)
            {
                _operations ??= new SortedDictionary<string, long>(StringComparer.Ordinal);
                _operations[operation] = _operations.GetValueOrDefault(operation) + 1;
            }
        }

        public ObservedFlow ToFlow() =>
            new(source, destination, transport, protocol, (IReadOnlyDictionary<string, long>?)_operations ?? NoOperations, _events, _dropped, _first, _last);
    }
}
