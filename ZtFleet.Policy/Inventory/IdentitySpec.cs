using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>A person or service account known to the fleet, with its assignments per plant.</summary>
public sealed record IdentitySpec(
    IdentityId Id,
    string Name,
    IdentityKind Kind,
    string? Email,
    string? Organization,
    IReadOnlyList<PlantAssignment> Assignments)
{
    /// <summary>
    /// <c>neverAuto: true</c>: no playbook step acts on this identity by itself (step-up MFA, revoke, lock are only
    /// recommended to a person).
    /// </summary>
    public bool NeverAuto { get; init; }
}
