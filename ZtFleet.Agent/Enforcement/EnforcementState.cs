namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// What the agent enforces right now, shared by the watch (which publishes new views), the fail-mode monitor (which
/// fails closed and back) and the proxy (which decides on it and re-decides its sessions when it changes).
/// </summary>
public sealed class EnforcementState
{
    private volatile PlantView? _view;
    private volatile bool _failedClosed;
    private volatile bool _inStep;

    /// <summary>Raised after <see cref="View"/>, <see cref="FailedClosed"/> or <see cref="InStep"/> changed.</summary>
    public event Action? Changed;

    /// <summary>The current plant view; null until the agent has caught up with its plant once.</summary>
    public PlantView? View => _view;

    /// <summary>Whether the agent has failed closed: the proxy refuses everything.</summary>
    public bool FailedClosed => _failedClosed;

    /// <summary>
    /// Whether <see cref="View"/> is the plant as the control plane has it: the watch has caught up and is in step.
    /// While not (reconnecting, replaying, a delta or ruleset that could not be applied) the ruleset in force may be
    /// newer than the view (a quarantine that redirects to the proxy), so the proxy decides nothing on it.
    /// </summary>
    public bool InStep => _inStep;

    /// <summary>The watch caught up (after publishing its view) or went out of step.</summary>
    public void SetInStep(bool inStep)
    {
        if (_inStep == inStep)
        {
            return;
        }

        _inStep = inStep;
        Changed?.Invoke();
    }

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
