using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>Inventory facts of one asset. Addresses are canonical strings (IP as parsed, MAC upper-case with colons).</summary>
public sealed record AssetSpec(
    AssetId Id,
    string Name,
    ZoneId Zone,
    AssetType Type,
    string? Vendor,
    string? Model,
    string? Firmware,
    string? Serial,
    string? Ip,
    string? Mac,
    int Criticality,
    bool SafetyRelated,
    string? Owner,
    IReadOnlyList<string> Vulnerabilities);
