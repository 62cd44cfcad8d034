namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Which assets of a plant to list; every criterion given must hold. <see cref="PurdueLevel"/> is the level of the
/// asset's zone. <see cref="Text"/> matches case-insensitively anywhere in the id, name, vendor, model, firmware,
/// serial, IP, MAC, owner or a CVE id.
/// </summary>
public sealed record AssetFilter(
    string? Zone = null,
    AssetType? Type = null,
    int? MinCriticality = null,
    PurdueLevel? PurdueLevel = null,
    string? Text = null,
    bool? SafetyRelated = null);
