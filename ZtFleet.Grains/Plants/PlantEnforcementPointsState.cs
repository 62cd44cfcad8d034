using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Plants;

/// <summary>The enforcement points registered at a plant (state name <c>plant-points</c>), written on enrollment.</summary>
[GenerateSerializer, Alias("ztfleet.PlantEnforcementPointsState")]
public sealed class PlantEnforcementPointsState
{
    [Id(0)]
    public List<EnforcementPointId> Points { get; set; } = [];
}
