using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// An authenticated caller: who, with which role, at which plants (and, for an enforcement point, which zones).
/// </summary>
public sealed record Caller(string Subject, Role Role, IReadOnlySet<PlantId> Plants)
{
    /// <summary>Zones an enforcement point (or an enrollment token) is bound to; empty = the whole plant.</summary>
    public IReadOnlySet<ZoneId> Zones { get; init; } = new HashSet<ZoneId>();

    /// <summary>The token's id (<c>jti</c>), for one-time enrollment tokens.</summary>
    public string? TokenId { get; init; }

    /// <summary>True when the caller may read anything about <paramref name="plant"/>.</summary>
    public bool CanSee(PlantId plant) => Role is Role.FleetAdmin or Role.Auditor || Plants.Contains(plant);

    /// <summary>True when the caller may change <paramref name="plant"/>.</summary>
    public bool CanChange(PlantId plant) => Role == Role.FleetAdmin || (Role == Role.PlantAdmin && Plants.Contains(plant));

    /// <summary>True when the caller may approve temporary access at <paramref name="plant"/>.</summary>
    public bool CanApprove(PlantId plant) => Role == Role.FleetAdmin || (Role is Role.Approver or Role.PlantAdmin && Plants.Contains(plant));

    /// <summary>True when the caller may change fleet-wide things (identities, pruning the fleet).</summary>
    public bool CanChangeFleet => Role == Role.FleetAdmin;

    /// <summary>True for a person or tool acting as an administrator of some kind (not a PEP, not an enrollment).</summary>
    public bool IsAdministrative => Role is Role.FleetAdmin or Role.PlantAdmin or Role.Auditor or Role.Approver;

    /// <summary>The enforcement point this caller is, when it is one.</summary>
    public EnforcementPointId? EnforcementPoint =>
        Role == Role.EnforcementPoint && EnforcementPointId.TryParse(Subject, out var id) ? id : null;

    public override string ToString() => $"{Subject} ({RoleNames.Format(Role)})";
}
