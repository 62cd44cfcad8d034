using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>An asset's place in the criticality ranking, with the facts behind its score as sentences.</summary>
public sealed record RankedAsset(
    int Rank,
    PlantId Plant,
    AssetSpec Asset,
    double Score,
    AssetExposure Exposure,
    IReadOnlyList<string> Reasons);
