using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Everything a compromised asset could reach: the assets by hops (then id), and the other zones entered, in the
/// order they are first entered (then id).
/// </summary>
public sealed record BlastRadiusResult(AssetId Origin, IReadOnlyList<ReachedAsset> Reached, IReadOnlyList<ZoneId> ZonesReached);
