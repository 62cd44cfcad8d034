using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// How regularly a source polls the asset with one operation (<see cref="BaselineOperation.Poll"/>): the learned
/// period (the interval between poll cycles, averaged evenly over the first cycles, then an EWMA), its jitter, and
/// the state of the silence and period-change detectors. The time of the latest operation is the operation's
/// <see cref="BaselineOperation.LastSeen"/>.
/// </summary>
/// <param name="PeriodMs">The learned period in milliseconds (0 before the first interval).</param>
/// <param name="JitterMs">The mean deviation of intervals from the period, in milliseconds.</param>
/// <param name="Cycles">How many intervals were measured.</param>
/// <param name="CycleStart">The first operation of the current poll cycle.</param>
/// <param name="RecentMs">
/// While intervals deviate from the learned period: their average since the deviation began (what a changed
/// period is now); 0 otherwise.
/// </param>
/// <param name="Deviating">How many intervals in a row differed from the period by more than the tolerance.</param>
/// <param name="Silent">Whether it was found silent and has not been heard since.</param>
/// <param name="PeriodChanged">Whether its period was found changed and has not come back within tolerance.</param>
public sealed record BaselineLink(
    [property: JsonPropertyName("period")] long PeriodMs,
    [property: JsonPropertyName("jitter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long JitterMs,
    [property: JsonPropertyName("cycles")] int Cycles,
    [property: JsonPropertyName("cycle"), JsonConverter(typeof(UnixMillisecondsJsonConverter))] DateTimeOffset CycleStart,
    [property: JsonPropertyName("recent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long RecentMs = 0,
    [property: JsonPropertyName("dev"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Deviating = 0,
    [property: JsonPropertyName("silent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Silent = false,
    [property: JsonPropertyName("changed"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool PeriodChanged = false)
{
    /// <summary>The learned period.</summary>
    [JsonIgnore]
    public TimeSpan Period => TimeSpan.FromMilliseconds(PeriodMs);

    /// <summary>Whether it polls regularly enough to be expected: enough cycles, a period within bounds, little jitter.</summary>
    public bool IsPersistent(BaselineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Cycles >= settings.PersistentAfterCycles
            && PeriodMs > 0
            && Period <= settings.MaxPollingPeriod
            && JitterMs <= PeriodMs * settings.MaxJitterShare;
    }
}
