using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// A plant's facts without its assets: its zones and a few counts, for listings, existence checks and asset answers
/// (which name their zone's Purdue level) that must not ship a definition of megabytes across the cluster.
/// </summary>
/// <param name="MaintenanceWindows">The plant's maintenance windows, in <paramref name="TimeZone"/> (asset baselines check program and firmware changes against them).</param>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantSummaryData")]
public sealed record PlantSummaryData(
    [property: Id(0)] PlantId Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<ZoneSpec> Zones,
    [property: Id(4)] int Assets,
    [property: Id(5)] int Conduits,
    [property: Id(6)] int Flows,
    [property: Id(7)] int Identities,
    [property: Id(8)] long Epoch,
    [property: Id(9)] IReadOnlyList<MaintenanceWindowSpec>? MaintenanceWindows = null);
