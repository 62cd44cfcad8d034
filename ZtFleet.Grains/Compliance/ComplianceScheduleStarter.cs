using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Arms the assessment schedule when a silo becomes active: the reminder is registered once per cluster (a silo
/// finding it registered with the same period leaves it), and in memory mode again after every start.
/// </summary>
public sealed class ComplianceScheduleStarter(IGrainFactory grains, ILogger<ComplianceScheduleStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ComplianceScheduleStarter), ServiceLifecycleStage.Active, async cancellationToken =>
        {
            try
            {
                await grains.GetGrain<IComplianceScheduleGrain>(GrainKeys.Fleet).ArmAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The silo serves without its schedule rather than not at all; the next silo start arms it.
                logger.LogError(failure, "Could not arm the compliance assessment schedule");
            }
        });
    }
}
