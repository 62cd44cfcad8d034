using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

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

    /// <summary>The epoch of the last delta this state reflects (the delta log may be ahead after a crash).</summary>
    [Id(4)]
    public long Epoch { get; set; }

    /// <summary>Runtime state of every identity that may act at the plant, by identity id.</summary>
    [Id(5)]
    public Dictionary<string, IdentityAtPlant> Identities { get; set; } = [];

    /// <summary>Enforcement points registered at the plant.</summary>
    [Id(6)]
    public List<EnforcementPointId> EnforcementPoints { get; set; } = [];

    /// <summary>Shift and maintenance-window boundaries up to this instant have been told.</summary>
    [Id(7)]
    public DateTimeOffset? BoundariesToldUntil { get; set; }

    /// <summary>The quarantines in force, by asset id (only assets of the current definition).</summary>
    [Id(8)]
    public Dictionary<string, AssetQuarantine> Quarantines { get; set; } = [];

    /// <summary>The epoch of the last definition or quarantine change (the version of the plant's rulesets).</summary>
    [Id(9)]
    public long SegmentationEpoch { get; set; }
}
