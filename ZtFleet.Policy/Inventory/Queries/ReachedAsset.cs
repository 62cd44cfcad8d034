using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// An asset a compromise reaches, in how many hops, and the path taken: the conduits and flows traversed in order,
/// written <c>conduit:&lt;id&gt;</c> and <c>flow:&lt;id&gt;</c>.
/// </summary>
public sealed record ReachedAsset(AssetId Asset, int Hops, IReadOnlyList<string> Path);
