namespace ZtFleet.Grains.Access;

/// <summary>Persisted state of an access request grain.</summary>
[GenerateSerializer, Alias("ztfleet.AccessRequestGrainState")]
public sealed class AccessRequestGrainState
{
    [Id(0)]
    public AccessRequestView? Request { get; set; }
}
