using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>What an identity is at one plant: its roles there and the shift it works (null: not shift-bound).</summary>
public sealed record PlantAssignment(
    PlantId Plant,
    IReadOnlyList<string> Roles,
    string? Shift);
