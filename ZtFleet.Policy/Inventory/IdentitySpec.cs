using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>A person or service account known to the fleet, with its assignments per plant.</summary>
public sealed record IdentitySpec(
    IdentityId Id,
    string Name,
    IdentityKind Kind,
    string? Email,
    string? Organization,
    IReadOnlyList<PlantAssignment> Assignments);
