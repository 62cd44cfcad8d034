namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>Summarises events into <see cref="ObservedFlow"/>s, and merges summaries.</summary>
public static class ObservedFlows
{
    private static readonly IReadOnlyDictionary<string, long> NoOperations = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// The flows the flow and OT transaction events show, one per <see cref="ObservedFlow.Key"/>. Other kinds of event
    /// are not flows and are skipped.
    /// </summary>
    public static IReadOnlyList<ObservedFlow> Summarise(IEnumerable<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var flows = new Dictionary<string, ObservedFlow>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var flow = e switch
            {
                FlowEvent f => new ObservedFlow(
                    f.Source with { Port = null }, f.Destination, f.Transport, f.Protocol, NoOperations, 1,
                    f.Action == FlowAction.Dropped ? 1 : 0, f.At, f.End is { } end && end > f.At ? end : f.At),
                OtTransactionEvent t => new ObservedFlow(
                    t.Source with { Port = null }, t.Destination, "tcp", t.Protocol, One(t.Operation), 1,
                    t.Outcome == OtOutcome.Refused ? 1 : 0, t.At, t.At),
                _ => null,
            };
            if (flow is null)
            {
                continue;
            }

            flows[flow.Key] = flows.TryGetValue(flow.Key, out var seen) ? Merge(seen, flow) : flow;
        }

        return [.. flows.Values];
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

    private static IReadOnlyDictionary<string, long> One(string operation) =>
        new SortedDictionary<string, long>(StringComparer.Ordinal) { [operation] = 1 };
}
