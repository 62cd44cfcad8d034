using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// What changes rarely at a plant: its definition in force and a staged one (state name <c>plant</c>). Written
/// only by fleet applies; a row the size of the plant.
/// </summary>
[GenerateSerializer, Alias("ztfleet.PlantDefinitionState")]
public sealed class PlantDefinitionState : TwoPhaseState<PlantDefinition>
{
    /// <summary>
    /// The enforcement point registry as builds before <see cref="PlantEnforcementPointsState"/> stored it in this
    /// row; moved there on activation, then dropped with the next write.
    /// </summary>
    [Id(0)]
    public List<EnforcementPointId>? EnforcementPoints { get; set; }
}
