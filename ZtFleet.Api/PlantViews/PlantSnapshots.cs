using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Access;

namespace ZtFleet.Api.PlantViews;

/// <summary>The one place a plant grain's snapshot data becomes the pure core's <see cref="PlantSnapshot"/>.</summary>
internal static class PlantSnapshots
{
    public static PlantSnapshot From(PlantSnapshotData data) =>
        PlantSnapshot.Create(data.Definition.Spec, data.Definition.DefinedRoles, data.Definition.EffectivePolicy, data.Identities, data.Epoch, data.Quarantines, data.SegmentationEpoch, data.AssetTrust);
}
