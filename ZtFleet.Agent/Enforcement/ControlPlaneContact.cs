namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// When the agent was last in step with the control plane: a watch message handled with the agent caught up, or a
/// heartbeat answered while the watch is in step and the plant is not ahead of what the agent enforces.
/// </summary>
/// <remarks>
/// An answered heartbeat alone proves only that the API is up, not that the agent enforces what it says: a watch
/// stream that keeps breaking (nft refusing a ruleset, an unreadable delta, a gap) or a stuck one would keep an old
/// ruleset and old proxy decisions in force for ever. So a heartbeat counts only while the watch is in step and the
/// plant's epoch is not beyond the epoch the agent has applied; a plant epoch staying ahead for longer than the lease
/// is no contact, and the zones' fail mode applies.
/// </remarks>
public sealed class ControlPlaneContact(TimeProvider time)
{
    private long _lastTicks = time.GetUtcNow().UtcTicks;
    private long _appliedEpoch = -1;
    private volatile bool _inStep;

    /// <summary>The last contact; the process start until the first one.</summary>
    public DateTimeOffset Last => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    /// <summary>Whether the watch stream is open and the agent enforces the plant as it delivered it.</summary>
    public bool InStep => _inStep;

    /// <summary>The plant epoch the agent enforces (its published view); -1 before the first catch-up.</summary>
    public long AppliedEpoch => Interlocked.Read(ref _appliedEpoch);

    /// <summary>Records a contact now.</summary>
    public void Record() => Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);

    /// <summary>The watch delivered and the agent applied everything up to <paramref name="epoch"/>: a contact.</summary>
    public void CaughtUp(long epoch)
    {
        Interlocked.Exchange(ref _appliedEpoch, epoch);
        _inStep = true;
        Record();
    }

    /// <summary>The watch stream is (re)opening, broke, or delivered something the agent could not apply.</summary>
    public void OutOfStep() => _inStep = false;

    /// <summary>
    /// An answered heartbeat: a contact only when the watch is in step and <paramref name="plantEpoch"/> is not beyond
    /// <see cref="AppliedEpoch"/>. Returns whether it counted.
    /// </summary>
    public bool Heartbeat(long plantEpoch)
    {
        if (!_inStep || plantEpoch > AppliedEpoch)
        {
            return false;
        }

        Record();
        return true;
    }
}
