using ZtFleet.Policy.Access;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// A checkpoint of what changes often at a plant (state name <c>plant-runtime</c>): the identities that may act
/// there, the quarantines in force and the epochs. The delta log is the history and the source of truth; this row
/// is a snapshot of it at <see cref="Epoch"/>, written every few deltas rather than with each, so that a change
/// costs its delta and not the plant. Activation replays the log after it.
/// </summary>
[GenerateSerializer, Alias("ztfleet.PlantRuntimeState")]
public sealed class PlantRuntimeState
{
    /// <summary>The epoch of the last delta this checkpoint reflects.</summary>
    [Id(0)]
    public long Epoch { get; set; }

    /// <summary>Runtime state of every identity that may act at the plant, by identity id.</summary>
    [Id(1)]
    public Dictionary<string, IdentityAtPlant> Identities { get; set; } = [];

    /// <summary>The quarantines in force, by asset id (only assets of the current definition).</summary>
    [Id(2)]
    public Dictionary<string, AssetQuarantine> Quarantines { get; set; } = [];

    /// <summary>The epoch of the last definition or quarantine change (the version of the plant's rulesets).</summary>
    [Id(3)]
    public long SegmentationEpoch { get; set; }

    /// <summary>Shift and maintenance-window boundaries up to this instant have been told.</summary>
    [Id(4)]
    public DateTimeOffset? BoundariesToldUntil { get; set; }

    /// <summary>The assets whose enforced trust tier is below trusted, by asset id (null in checkpoints written before trust tiers).</summary>
    [Id(5)]
    public Dictionary<string, AssetTrust>? AssetTrust { get; set; }
}
