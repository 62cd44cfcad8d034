namespace ZtFleet.Policy.Inventory;

/// <summary>
/// How exposed an asset is: other zones that reach it through conduits (transitively), conduits into its zone that
/// admit it, identities that can reach it, and the known vulnerabilities of its firmware.
/// </summary>
public sealed record AssetExposure(int ZonesReaching, int ConduitsReaching, int IdentitiesReaching, int KnownVulnerabilities);
