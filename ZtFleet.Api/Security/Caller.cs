using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>An authenticated administrative caller: who, with which role, at which plants.</summary>
public sealed record Caller(string Subject, Role Role, IReadOnlySet<PlantId> Plants)
{
    /// <summary>True when the caller may read anything about <paramref name="plant"/>.</summary>
    public bool CanSee(PlantId plant) => Role is Role.FleetAdmin or Role.Auditor || Plants.Contains(plant);

    /// <summary>True when the caller may change <paramref name="plant"/>.</summary>
    public bool CanChange(PlantId plant) => Role == Role.FleetAdmin || (Role == Role.PlantAdmin && Plants.Contains(plant));

    /// <summary>True when the caller may change fleet-wide things (identities, pruning the fleet).</summary>
    public bool CanChangeFleet => Role == Role.FleetAdmin;

    public override string ToString() => $"{Subject} ({RoleNames.Format(Role)})";
}
