using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// A plant as the fleet document defines it, with the identities assigned to it and the fleet's roles and access
/// policy (what a decision at the plant needs besides runtime state), and the fleet's trust settings (what the asset and
/// identity grains of the plant score with), and the fleet's response settings with the playbooks whose scope admits
/// this plant (what the plant's response runs; <see cref="PlaybookScope.ForPlant"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantDefinition")]
public sealed record PlantDefinition(
    [property: Id(0)] PlantSpec Spec,
    [property: Id(1)] IReadOnlyList<IdentitySpec> Identities,
    [property: Id(2)] IReadOnlyList<RoleSpec>? Roles = null,
    [property: Id(3)] FleetPolicy? Policy = null,
    [property: Id(4)] TrustSettings? Trust = null,
    [property: Id(5)] ResponseSettings? Response = null)
{
    /// <summary>The fleet's roles, never null.</summary>
    public IReadOnlyList<RoleSpec> DefinedRoles => Roles ?? [];

    /// <summary>The access policy in force, never null.</summary>
    public FleetPolicy EffectivePolicy => Policy ?? FleetPolicy.Default;

    /// <summary>The fleet's trust settings in force (<c>trust:</c>), never null.</summary>
    public TrustSettings EffectiveTrust => Trust ?? TrustSettings.Default;

    /// <summary>
    /// The response settings in force at this plant (<c>response:</c>), never null: the fleet's correlation window and
    /// automatic-action budget, and only the playbooks whose trigger scope admits this plant (an empty
    /// <c>plants:</c> list, or one naming it). Assets and identities marked <c>neverAuto</c> are in
    /// <see cref="Spec"/> and <see cref="Identities"/>.
    /// </summary>
    public ResponseSettings EffectiveResponse => Response ?? ResponseSettings.Default;
}
