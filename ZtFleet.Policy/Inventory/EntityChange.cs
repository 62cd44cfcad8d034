namespace ZtFleet.Policy.Inventory;

/// <summary>
/// One entity added, changed or removed by a fleet document. <see cref="PlantId"/> is the plant of a plant-scoped
/// entity (and of a plant itself), null for identities. <see cref="ChangedFields"/> lists the camelCase document
/// fields that differ, for <see cref="ChangeKind.Changed"/> only.
/// </summary>
public sealed record EntityChange(
    ChangeKind Change,
    EntityKind Kind,
    string? PlantId,
    string Id,
    IReadOnlyList<string> ChangedFields);
