using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>Inventory facts of one asset. Addresses are canonical strings (IP as parsed, MAC upper-case with colons).</summary>
/// <remarks>
/// <see cref="UsedBy"/> binds the asset to the identity that uses it (an engineering laptop issued to a technician,
/// an HMI's service account): a flow from the asset with no identity of its own is that identity's, for conduit
/// conditions.
/// </remarks>
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
    IReadOnlyList<string> Vulnerabilities,
    IdentityId? UsedBy = null)
{
    /// <summary>
    /// <c>neverAuto: true</c>: no playbook step acts on this asset by itself; every step that would is only
    /// recommended to a person.
    /// </summary>
    public bool NeverAuto { get; init; }
}
