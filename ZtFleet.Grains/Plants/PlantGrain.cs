using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Plants;

/// <inheritdoc cref="IPlantGrain"/>
/// <remarks>
/// <para>
/// The grain keeps what changes rarely apart from what changes often, because the ADO.NET storage rewrites a whole
/// state row on every write: the definition (<see cref="PlantDefinitionState"/>, written by applies), the runtime
/// checkpoint (<see cref="PlantRuntimeState"/>: identities, quarantines, epochs; a snapshot of the delta log written
/// every <see cref="CheckpointEvery"/> deltas) and the enforcement point registry
/// (<see cref="PlantEnforcementPointsState"/>). An identity change at a plant of any size writes its delta and
/// nothing else here.
/// </para>
/// <para>
/// Its concerns are in parts named after them: <c>PlantGrain.DeltaLog.cs</c> (epochs, append, checkpoint, replay),
/// <c>PlantGrain.Definition.cs</c> (two-phase apply), <c>PlantGrain.Identities.cs</c>, <c>PlantGrain.Boundaries.cs</c> (shift and window
/// boundaries), <c>PlantGrain.Quarantines.cs</c>, <c>PlantGrain.EnforcementPoints.cs</c> and
/// <c>PlantGrain.Queries.cs</c>.
/// </para>
/// </remarks>
[GrainType("plant")]
public sealed partial class PlantGrain(
    [PersistentState("plant", ProviderNames.Storage)] IPersistentState<PlantDefinitionState> definition,
    [PersistentState("plant-runtime", ProviderNames.Storage)] IPersistentState<PlantRuntimeState> runtime,
    [PersistentState("plant-points", ProviderNames.Storage)] IPersistentState<PlantEnforcementPointsState> points,
    IDeltaLogStore deltaLog,
    ZtFleet.Grains.Vulnerabilities.IVulnerabilityStore vulnerabilities,
    ControlPlaneClock time,
    ILogger<PlantGrain> logger) : Grain, IPlantGrain, IRemindable
{
    private PlantId Id => PlantId.Parse(this.GetPrimaryKeyString());

    /// <summary>
    /// The delta log is appended before the runtime checkpoint is written, so the log is usually ahead of it: replay
    /// what the checkpoint missed before serving anything.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReplayLogAsync(cancellationToken);
        await MoveLegacyEnforcementPointsAsync(cancellationToken);
        ScheduleNextBoundary();
    }

    /// <summary>Leaves a fresh checkpoint behind so the next activation replays little; the log has it all anyway.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (runtime.State.Epoch > _checkpointedEpoch && reason.ReasonCode != DeactivationReasonCode.ActivationFailed)
        {
            try
            {
                await CheckpointAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Plant {Plant}: checkpoint at deactivation failed; the next activation replays the log from epoch {Epoch}", Id, _checkpointedEpoch);
            }
        }
    }
}
