using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// Everything an assessment of one plant reads: what the applied fleet document declares for it (the plant with its
/// zones, assets and conduits, the identities assigned to it, the fleet's roles, access policy, trust and response
/// settings, and the attestations of the <c>compliance:</c> section) beside what the control plane observes live
/// (enforcement points, identities' MFA and grants with their approvers, quarantines, the audit chain, monitoring,
/// known vulnerabilities, fleet versions). Pure data: the evaluators never read the clock or the cluster.
/// </summary>
/// <param name="Plant">The plant as the applied document has it.</param>
/// <param name="Identities">The identities assigned to the plant.</param>
/// <param name="Roles">The fleet's role definitions.</param>
/// <param name="Policy">The fleet's access policy in force.</param>
/// <param name="Trust">The fleet's trust settings in force.</param>
/// <param name="Response">The response settings in force at this plant (the playbooks whose scope admits it).</param>
/// <param name="Attestations">The attestations declared for this plant (or for every plant).</param>
/// <param name="Epoch">The plant's current epoch.</param>
/// <param name="EnforcementPoints">The enforcement points and sensors registered at the plant.</param>
/// <param name="Runtime">The runtime state of the identities assigned to the plant (missing ones: nothing observed).</param>
/// <param name="Quarantines">The quarantines in force.</param>
/// <param name="Audit">The plant's audit chain.</param>
/// <param name="Monitoring">The plant's monitoring.</param>
/// <param name="Vulnerabilities">The known vulnerabilities of the plant's assets (advisories matched to assets).</param>
/// <param name="Changes">The fleet's recent versions.</param>
public sealed record PlantComplianceFacts(
    PlantSpec Plant,
    IReadOnlyList<IdentitySpec> Identities,
    IReadOnlyList<RoleSpec> Roles,
    FleetPolicy Policy,
    TrustSettings Trust,
    ResponseSettings Response,
    IReadOnlyList<ComplianceAttestation> Attestations,
    long Epoch,
    IReadOnlyList<ObservedEnforcementPoint> EnforcementPoints,
    IReadOnlyList<ObservedIdentity> Runtime,
    IReadOnlyList<Segmentation.AssetQuarantine> Quarantines,
    ObservedAudit Audit,
    ObservedMonitoring Monitoring,
    IReadOnlyList<KnownVulnerability> Vulnerabilities,
    ObservedChanges Changes)
{
    /// <summary>
    /// The facts the fleet document alone gives for <paramref name="plant"/> (nothing observed live: no enforcement
    /// point, no MFA, an empty audit chain); tests and what-if previews start here and add observations.
    /// </summary>
    public static PlantComplianceFacts FromDocument(FleetDocument fleet, PlantSpec plant, long fleetVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(plant);
        return new PlantComplianceFacts(
            plant,
            fleet.Identities.Where(i => i.Assignments.Any(a => a.Plant == plant.Id)).ToList(),
            fleet.DefinedRoles,
            fleet.EffectivePolicy,
            fleet.EffectiveTrust,
            PlaybookScope.ForPlant(fleet.EffectiveResponse, plant.Id),
            fleet.EffectiveCompliance.Attestations.Where(a => a.Plant is null || a.Plant == plant.Id).ToList(),
            0,
            [],
            [],
            [],
            ObservedAudit.None,
            ObservedMonitoring.None,
            [],
            new ObservedChanges(fleetVersion, 0, []));
    }
}
