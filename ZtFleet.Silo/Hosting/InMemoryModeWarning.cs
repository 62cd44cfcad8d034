using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ZtFleet.Silo.Hosting;

/// <summary>Says loudly, at silo start, that nothing this silo holds survives a restart.</summary>
internal sealed class InMemoryModeWarning(ILogger<InMemoryModeWarning> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InMemoryModeWarning), ServiceLifecycleStage.First, _ =>
        {
            logger.LogWarning(
                "************************************************************************************************\n" +
                "ZtFleet silo runs IN MEMORY: no database connection string (ConnectionStrings:pg or " +
                "ZtFleet:Database:ConnectionString) is configured.\n" +
                "Grain state, reminders and the plant delta log live in this process only and are LOST when it " +
                "stops. One silo on localhost clustering; development use only.\n" +
                "************************************************************************************************");
            return Task.CompletedTask;
        });
}
