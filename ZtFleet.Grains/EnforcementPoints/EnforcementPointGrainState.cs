namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>Persisted state of an enforcement point grain.</summary>
[GenerateSerializer, Alias("ztfleet.EnforcementPointGrainState")]
public sealed class EnforcementPointGrainState
{
    [Id(0)]
    public EnforcementPointView? Point { get; set; }

    /// <summary>
    /// Acknowledgements as builds before <see cref="IAcknowledgementStore"/> kept them; moved to the store on
    /// activation, then null.
    /// </summary>
    [Id(1)]
    public List<Acknowledgement>? History { get; set; }
}
