namespace ZtFleet.Grains.Access;

/// <summary>Persisted state of a plant's access request index.</summary>
[GenerateSerializer, Alias("ztfleet.AccessRequestIndexGrainState")]
public sealed class AccessRequestIndexGrainState
{
    /// <summary>Every request id of the plant, in the order they were first recorded.</summary>
    [Id(0)]
    public List<string> Ids { get; set; } = [];

    /// <summary>The last status recorded for each request id.</summary>
    [Id(1)]
    public Dictionary<string, AccessRequestStatus> Statuses { get; set; } = [];
}
