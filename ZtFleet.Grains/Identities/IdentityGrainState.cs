using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Identities;

/// <summary>Persisted state of an identity grain: the current spec and a staged change.</summary>
[GenerateSerializer, Alias("ztfleet.IdentityGrainState")]
public sealed class IdentityGrainState
{
    [Id(0)]
    public IdentitySpec? Current { get; set; }

    [Id(1)]
    public Guid? StagedApplyId { get; set; }

    [Id(2)]
    public IdentitySpec? Staged { get; set; }

    [Id(3)]
    public Guid? LastCommittedApplyId { get; set; }
}
