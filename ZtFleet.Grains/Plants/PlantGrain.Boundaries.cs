using Orleans.Runtime;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Plants;

/// <summary>Shift and maintenance-window boundaries: a timer at each one, a reminder as the durable backstop.</summary>
public sealed partial class PlantGrain
{
    private const string BoundaryReminder = "shift-boundaries";

    /// <summary>How far back boundaries are still told after a long absence: older ones changed nothing anymore.</summary>
    private static readonly TimeSpan BoundaryLookBack = TimeSpan.FromDays(1);

    private IGrainTimer? _boundaryTimer;

    /// <remarks>
    /// How far boundaries were told is kept in memory and in the runtime checkpoint, not written each time: after a
    /// restart the look-back may tell a boundary again, and its idempotency key makes that a no-op.
    /// </remarks>
    public async Task<long> EmitDueBoundariesAsync(CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current)
        {
            return runtime.State.Epoch;
        }

        var now = time.GetUtcNow();
        var from = runtime.State.BoundariesToldUntil is { } told && told > now - BoundaryLookBack ? told : now - BoundaryLookBack;
        foreach (var boundary in PlantBoundaries.Between(current.Spec, current.EffectivePolicy, from, now))
        {
            await AppendAsync(
                new ShiftBoundary(0, default, boundary.Calendar, boundary.At, boundary.Starts),
                $"boundary:{boundary.Calendar}:{boundary.At.UtcTicks}:{(boundary.Starts ? "start" : "end")}",
                cancellationToken);
        }

        runtime.State.BoundariesToldUntil = now;
        await CheckpointIfDueAsync(cancellationToken);
        ScheduleNextBoundary();
        return runtime.State.Epoch;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == BoundaryReminder ? EmitDueBoundariesAsync() : Task.CompletedTask;

    /// <summary>Arms a one-shot timer for the next boundary (at most an hour ahead; it re-arms itself).</summary>
    private void ScheduleNextBoundary()
    {
        _boundaryTimer?.Dispose();
        _boundaryTimer = null;
        if (definition.State.Current is not { } current)
        {
            return;
        }

        var now = time.GetUtcNow();
        var next = PlantBoundaries.Between(current.Spec, current.EffectivePolicy, now, now + TimeSpan.FromDays(8)).Select(b => (DateTimeOffset?)b.At).FirstOrDefault();
        var due = next is { } at ? at - now : TimeSpan.FromHours(1);
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : due;
        _boundaryTimer = this.RegisterGrainTimer(
            ct => EmitDueBoundariesAsync(ct),
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    /// <summary>The durable backstop of the boundary timer: only plants with shifts or windows need it.</summary>
    private async Task ArmBoundaryReminderAsync(PlantDefinition? current)
    {
        var needed = current is not null && (current.Spec.Shifts.Count > 0 || current.Spec.DefinedMaintenanceWindows.Count > 0);
        var existing = await this.GetReminder(BoundaryReminder);
        if (needed && existing is null)
        {
            await this.RegisterOrUpdateReminder(BoundaryReminder, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        }
        else if (!needed && existing is not null)
        {
            await this.UnregisterReminder(existing);
        }
    }
}
