namespace ZtFleet.Grains.Plants;

/// <summary>Persisted state of a plant grain: the current definition and a staged change.</summary>
[GenerateSerializer, Alias("ztfleet.PlantGrainState")]
public sealed class PlantGrainState
{
    [Id(0)]
    public PlantDefinition? Current { get; set; }

    [Id(1)]
    public Guid? StagedApplyId { get; set; }

    [Id(2)]
    public PlantDefinition? Staged { get; set; }

    [Id(3)]
    public Guid? LastCommittedApplyId { get; set; }

    /// <summary>Increases with every committed change of the plant's definition.</summary>
    [Id(4)]
    public long Epoch { get; set; }
}
