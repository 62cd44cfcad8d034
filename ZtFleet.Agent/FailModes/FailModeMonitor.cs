using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Agent.Rulesets;

namespace ZtFleet.Agent.FailModes;

/// <summary>
/// Watches the time since the last contact with the control plane and follows the guarded zones' fail mode: within
/// the lease nothing changes; after it, fail closed (the fail-closed ruleset, the proxy refuses everything and closes
/// its sessions) or fail-static (keep everything) until its bound elapses. When contact is back (the watch caught up
/// and in step) the newest ruleset from the control plane is applied again: until then the installer holds the
/// fail-closed ruleset, also against rulesets a reconnecting watch delivers. The <c>restored</c> callback runs after a
/// restore (the worker acknowledges the ruleset now in force).
/// </summary>
public sealed class FailModeMonitor(
    ControlPlaneContact contact,
    EnforcementState state,
    RulesetInstaller installer,
    IReadOnlyCollection<string> zoneIds,
    string failClosedRuleset,
    TimeSpan lease,
    TimeProvider time,
    ILogger<FailModeMonitor> logger,
    Func<CancellationToken, Task>? restored = null)
{
    /// <summary>How often the monitor looks.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The mode after the last <see cref="TickAsync"/>.</summary>
    public ConnectionMode Mode { get; private set; } = ConnectionMode.Connected;

    /// <summary>Runs <see cref="TickAsync"/> every <see cref="Interval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await TickAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Fail-mode check failed; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Evaluates the mode now and acts on a change.</summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        var wasRestored = false;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var rule = FailModePolicy.Strictest(state.View?.Snapshot, zoneIds);
            var mode = FailModePolicy.ModeAt(contact.Last, now, lease, rule);

            // Held closed without a fail mode change (fail-closed at start, or a restore that failed): restored once
            // the watch is in step.
            var heldInStep = mode == ConnectionMode.Connected && installer.FailedClosed && contact.InStep;
            if (mode == Mode && !(mode == ConnectionMode.FailClosed && !installer.FailedClosed) && !heldInStep)
            {
                return;
            }

            var previous = Mode;
            switch (mode)
            {
                case ConnectionMode.FailClosed:
                    logger.LogError(
                        "No contact with the control plane since {LastContact:O} (lease {Lease}); zones {Zones} are {Rule}: FAILING CLOSED (forwarding nothing, proxy refuses everything)",
                        contact.Last, lease, Describe(), rule);
                    state.SetFailedClosed(true);
                    Mode = mode;
                    await installer.FailCloseAsync(failClosedRuleset, cancellationToken);
                    break;

                case ConnectionMode.FailStatic:
                    logger.LogWarning(
                        "No contact with the control plane since {LastContact:O} (lease {Lease}); zones {Zones} are {Rule}: keeping the last ruleset and decisions",
                        contact.Last, lease, Describe(), rule);
                    Mode = mode;
                    break;

                default:
                    if (previous != mode)
                    {
                        logger.LogInformation("Contact with the control plane is back (was {Previous})", previous);
                    }

                    Mode = mode;
                    if (installer.FailedClosed)
                    {
                        await installer.RestoreAsync(cancellationToken);
                        wasRestored = !installer.FailedClosed;
                    }

                    state.SetFailedClosed(false);
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (wasRestored && restored is not null)
        {
            await restored(cancellationToken);
        }
    }

    private string Describe() => zoneIds.Count == 0 ? "(all of the plant)" : string.Join(", ", zoneIds);
}
