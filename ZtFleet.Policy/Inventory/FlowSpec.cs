using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>A declared flow between two assets of a plant: a dependency the business relies on.</summary>
public sealed record FlowSpec(
    FlowId Id,
    AssetId From,
    AssetId To,
    Protocol Protocol,
    int Port,
    string Purpose);
