namespace ZtFleet.Policy.Inventory;

/// <summary>The declarative desired state of the whole fleet, as applied through <c>FleetService/ApplyFleet</c>.</summary>
public sealed record FleetDocument(
    string Name,
    IReadOnlyList<PlantSpec> Plants,
    IReadOnlyList<IdentitySpec> Identities);
