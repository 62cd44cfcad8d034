namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// What the agent enforces right now, shared by the watch (which publishes new views), the fail-mode monitor (which
/// fails closed and back) and the proxy (which decides on it and re-decides its sessions when it changes).
/// </summary>
public sealed class EnforcementState
{
    private volatile PlantView? _view;
    private volatile bool _failedClosed;

    /// <summary>Raised after <see cref="View"/> or <see cref="FailedClosed"/> changed.</summary>
    public event Action? Changed;

    /// <summary>The current plant view; null until the agent has caught up with its plant once.</summary>
    public PlantView? View => _view;

    /// <summary>Whether the agent has failed closed: the proxy refuses everything.</summary>
    public bool FailedClosed => _failedClosed;

    /// <summary>Publishes a newer view.</summary>
    public void Publish(PlantView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        _view = view;
        Changed?.Invoke();
    }

    /// <summary>Enters or leaves fail-closed.</summary>
    public void SetFailedClosed(bool failedClosed)
    {
        if (_failedClosed == failedClosed)
        {
            return;
        }

        _failedClosed = failedClosed;
        Changed?.Invoke();
    }
}
