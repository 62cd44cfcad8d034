namespace ZtFleet.Agent.Enforcement;

/// <summary>When the agent last heard from the control plane (a heartbeat answered, a watch message received).</summary>
public sealed class ControlPlaneContact(TimeProvider time)
{
    private long _lastTicks = time.GetUtcNow().UtcTicks;

    /// <summary>The last successful contact; the process start until the first one.</summary>
    public DateTimeOffset Last => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    /// <summary>Records a successful contact now.</summary>
    public void Record() => Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);
}
