namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>Persisted state of an enforcement point grain.</summary>
[GenerateSerializer, Alias("ztfleet.EnforcementPointGrainState")]
public sealed class EnforcementPointGrainState
{
    [Id(0)]
    public EnforcementPointView? Point { get; set; }

    /// <summary>Acknowledgements in increasing epoch order (the newest <see cref="EnforcementPointGrain.HistoryLimit"/>).</summary>
    [Id(1)]
    public List<Acknowledgement> History { get; set; } = [];
}
