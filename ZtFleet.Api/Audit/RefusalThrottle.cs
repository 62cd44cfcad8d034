using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Audit;

/// <summary>
/// The counting rules that bound refusal audit writes without losing a refusal: per key (<see cref="RefusalKey"/>), the
/// first <see cref="RefusalAuditOptions.PerKey"/> refusals of a window are audited one by one, the rest are counted and
/// summarised once when the window closes; across all keys at most <see cref="RefusalAuditOptions.PerWindow"/> are
/// audited one by one a window (the rest are counted per key as well); at most
/// <see cref="RefusalAuditOptions.MaxKeys"/> keys are tracked, refusals of further keys are counted under
/// <see cref="RefusalKey.Overflow"/>. Pure: time comes in as a value.
/// </summary>
/// <remarks>Not thread-safe: <see cref="RefusalAudit"/> serialises its calls.</remarks>
public sealed class RefusalThrottle(RefusalAuditOptions options)
{
    private readonly Dictionary<RefusalKey, Window> _keys = [];
    private DateTimeOffset? _globalStart;
    private int _globalIndividually;

    /// <summary>How many keys are tracked now (at most <see cref="RefusalAuditOptions.MaxKeys"/>, plus the overflow key when in use).</summary>
    public int TrackedKeys => _keys.Count;

    /// <summary>
    /// Counts one refusal of <paramref name="key"/> at <paramref name="now"/>, with its message and field violations
    /// (kept for the summary when it is only counted).
    /// </summary>
    public RefusalObservation Observe(RefusalKey key, DateTimeOffset now, string message, IReadOnlyList<Violation> violations)
    {
        if (_globalStart is null || now >= _globalStart.Value + options.Window)
        {
            _globalStart = now;
            _globalIndividually = 0;
        }

        RefusalSummary? closed = null;
        if (_keys.TryGetValue(key, out var window) && now >= window.Start + options.Window)
        {
            closed = window.Summary(key);
            _keys.Remove(key);
            window = null;
        }

        if (window is null)
        {
            if (!key.IsOverflow && _keys.Count - (_keys.ContainsKey(RefusalKey.Overflow) ? 1 : 0) >= options.MaxKeys)
            {
                // A key whose window just closed was removed, so it is never the one beyond the limit: closed is null.
                return new RefusalObservation(false, Count(RefusalKey.Overflow, now, message, violations));
            }

            window = new Window(now);
            _keys.Add(key, window);
        }

        if (!key.IsOverflow && window.Individually < options.PerKey && _globalIndividually < options.PerWindow)
        {
            window.Individually++;
            _globalIndividually++;
            return new RefusalObservation(true, closed);
        }

        window.Counted(now, message, violations);
        return new RefusalObservation(false, closed);
    }

    /// <summary>
    /// The summaries of every window closed by <paramref name="now"/> that counted refusals; closed windows are
    /// forgotten (so idle keys stop counting against <see cref="RefusalAuditOptions.MaxKeys"/>).
    /// </summary>
    public IReadOnlyList<RefusalSummary> Flush(DateTimeOffset now) => Take(w => now >= w.Start + options.Window);

    /// <summary>The summaries of every window, closed or not (at shutdown); everything is forgotten.</summary>
    public IReadOnlyList<RefusalSummary> FlushAll() => Take(_ => true);

    private IReadOnlyList<RefusalSummary> Take(Func<Window, bool> closing)
    {
        var summaries = new List<RefusalSummary>();
        foreach (var (key, window) in _keys.Where(k => closing(k.Value)).ToList())
        {
            _keys.Remove(key);
            if (window.Summary(key) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        return summaries;
    }

    /// <summary>Counts a refusal under the overflow key (its window opened when needed); a summary of its closed window.</summary>
    private RefusalSummary? Count(RefusalKey overflow, DateTimeOffset now, string message, IReadOnlyList<Violation> violations)
    {
        RefusalSummary? closed = null;
        if (_keys.TryGetValue(overflow, out var window) && now >= window.Start + options.Window)
        {
            closed = window.Summary(overflow);
            window = null;
        }

        if (window is null)
        {
            window = new Window(now);
            _keys[overflow] = window;
        }

        window.Counted(now, message, violations);
        return closed;
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Individually { get; set; }

        private long _counted;
        private DateTimeOffset _first;
        private DateTimeOffset _last;
        private string _lastMessage = "";
        private IReadOnlyList<Violation> _lastViolations = [];

        public void Counted(DateTimeOffset at, string message, IReadOnlyList<Violation> violations)
        {
            if (_counted++ == 0)
            {
                _first = at;
            }

            _last = at;
            _lastMessage = message;
            _lastViolations = violations;
        }

        public RefusalSummary? Summary(RefusalKey key) =>
            _counted == 0 ? null : new RefusalSummary(key, _counted, _first, _last, Individually, _lastMessage, _lastViolations);
    }
}
