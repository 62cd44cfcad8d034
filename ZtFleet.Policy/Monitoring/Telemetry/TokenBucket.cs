namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// A token bucket that never refuses: taking more than it holds puts it in debt, and the answer is how long the
/// taker must wait before going on (so a flood is slowed, never dropped). Time is a parameter. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _rate;
    private readonly double _burst;
    private double _tokens;
    private DateTimeOffset _at;

    /// <param name="ratePerSecond">Tokens added per second.</param>
    /// <param name="burst">The most tokens it holds (it starts full).</param>
    /// <param name="now">The time it is created.</param>
    public TokenBucket(double ratePerSecond, double burst, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _rate = ratePerSecond;
        _burst = burst;
        _tokens = burst;
        _at = now;
    }

    /// <summary>Takes <paramref name="count"/> tokens at <paramref name="now"/>; how long to wait before going on (zero: at once).</summary>
    public TimeSpan Take(int count, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            if (now > _at)
            {
                _tokens = Math.Min(_burst, _tokens + ((now - _at).TotalSeconds * _rate));
                _at = now;
            }

            _tokens -= count;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }
}
