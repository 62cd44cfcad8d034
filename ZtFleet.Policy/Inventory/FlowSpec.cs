using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>A declared flow between two assets of a plant: a dependency the business relies on.</summary>
/// <param name="Operations">
/// The operations the flow carries, from the protocol's vocabulary; empty: every operation of the protocol. Inside a
/// safety zone an OT flow must list them (only what is listed passes there), and IT protocols are not allowed.
/// </param>
public sealed record FlowSpec(
    FlowId Id,
    AssetId From,
    AssetId To,
    Protocol Protocol,
    int Port,
    string Purpose,
    IReadOnlyList<string>? Operations = null);
