using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// A plant's facts in a few numbers, for listings and existence checks that must not ship a definition of megabytes
/// across the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantSummaryData")]
public sealed record PlantSummaryData(
    [property: Id(0)] PlantId Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] int Zones,
    [property: Id(4)] int Assets,
    [property: Id(5)] int Conduits,
    [property: Id(6)] int Flows,
    [property: Id(7)] int Identities,
    [property: Id(8)] long Epoch);
