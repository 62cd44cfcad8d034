using System.Text.Json.Serialization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Inventory;

/// <summary>The declarative desired state of the whole fleet, as applied through <c>FleetService/ApplyFleet</c>.</summary>
/// <param name="Name">The fleet's display name.</param>
/// <param name="Plants">The plants the document describes.</param>
/// <param name="Identities">The identities the document describes.</param>
/// <param name="Roles">
/// The fleet-wide role definitions (<c>roles:</c>); null when the document has no such section. Read
/// <see cref="DefinedRoles"/> for a list that is never null.
/// </param>
/// <param name="Policy">
/// The fleet-wide access settings (<c>policy:</c>); null when the document has no such section, which keeps the
/// fleet's current settings when applied without prune. Read <see cref="EffectivePolicy"/> for the values in force.
/// </param>
/// <param name="Trust">
/// How trust scores are computed and banded into tiers (<c>trust:</c>); null when the document has no such section,
/// which keeps the fleet's current settings when applied without prune. Read <see cref="EffectiveTrust"/>.
/// </param>
/// <param name="Response">
/// Incidents and playbooks (<c>response:</c>); null when the document has no such section, which keeps the fleet's
/// current settings when applied without prune. Read <see cref="EffectiveResponse"/>.
/// </param>
/// <param name="Compliance">
/// Attestations for what ZtFleet cannot observe (<c>compliance:</c>); null when the document has no such section, which
/// keeps the fleet's current attestations when applied without prune. Read <see cref="EffectiveCompliance"/>.
/// </param>
public sealed record FleetDocument(
    string Name,
    IReadOnlyList<PlantSpec> Plants,
    IReadOnlyList<IdentitySpec> Identities,
    IReadOnlyList<RoleSpec>? Roles = null,
    FleetPolicy? Policy = null,
    TrustSettings? Trust = null,
    ResponseSettings? Response = null,
    ComplianceSettings? Compliance = null)
{
    /// <summary>The role definitions, empty when the document has none.</summary>
    [JsonIgnore]
    public IReadOnlyList<RoleSpec> DefinedRoles => Roles ?? [];

    /// <summary>The access settings, the defaults when the document has no <c>policy:</c> section.</summary>
    [JsonIgnore]
    public FleetPolicy EffectivePolicy => Policy ?? FleetPolicy.Default;

    /// <summary>The trust settings, the defaults when the document has no <c>trust:</c> section.</summary>
    [JsonIgnore]
    public TrustSettings EffectiveTrust => Trust ?? TrustSettings.Default;

    /// <summary>The <c>response:</c> section, or the defaults (no playbooks) when the document has none.</summary>
    [JsonIgnore]
    public ResponseSettings EffectiveResponse => Response ?? ResponseSettings.Default;

    /// <summary>The <c>compliance:</c> section, or no attestation when the document has none.</summary>
    [JsonIgnore]
    public ComplianceSettings EffectiveCompliance => Compliance ?? ComplianceSettings.Default;
}
