using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Compliance;

/// <inheritdoc cref="IComplianceScheduleGrain"/>
/// <remarks>
/// A reminder, not a timer: the schedule must survive silo restarts. The reminder fires often (every check period) and
/// each tick assesses only the scopes whose newest stored assessment is older than the interval, so a restart neither
/// skips an assessment nor runs an extra one, and a changed interval takes effect at the next tick. Scopes are assessed
/// one after the other: a fleet of a hundred plants does not load the database with a hundred assessments at once.
/// </remarks>
[GrainType("compliance-schedule")]
public sealed class ComplianceScheduleGrain(
    [PersistentState("compliance-schedule", ProviderNames.Storage)] IPersistentState<ComplianceScheduleState> state,
    IOptions<ComplianceOptions> options,
    ILogger<ComplianceScheduleGrain> logger) : Grain, IComplianceScheduleGrain, IRemindable
{
    /// <summary>The reminder's name.</summary>
    public const string ReminderName = "assess";

    private ComplianceOptions Options => options.Value;

    public async Task ArmAsync(CancellationToken cancellationToken = default)
    {
        var existing = await this.GetReminder(ReminderName);
        if (existing is not null && state.State.ArmedPeriod == Options.CheckPeriod)
        {
            // Re-registering would move the next tick forward by a period: a silo restarting more often would never tick.
            return;
        }

        await this.RegisterOrUpdateReminder(ReminderName, Options.CheckPeriod, Options.CheckPeriod);
        state.State.ArmedPeriod = Options.CheckPeriod;
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var overview = await GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(cancellationToken);
        var scopes = new List<string> { IComplianceGrain.FleetScope };
        scopes.AddRange(overview.Plants.Select(p => p.Value).Order(StringComparer.Ordinal));
        var assessed = new List<string>();
        foreach (var scope in scopes)
        {
            try
            {
                if (await GrainFactory.GetGrain<IComplianceGrain>(scope).AssessIfDueAsync(Options.AssessmentInterval, Options.Tolerance, cancellationToken) is not null)
                {
                    assessed.Add(scope);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // One scope failing does not stop the others; the next tick tries it again.
                logger.LogWarning(failure, "The scheduled compliance assessment of {Scope} failed", scope);
            }
        }

        return assessed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await RunDueAsync();
        }
    }
}
