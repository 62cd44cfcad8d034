using ZtFleet.Policy.Compliance.Facts;
using static ZtFleet.Policy.Compliance.MaturityPillar;
using static ZtFleet.Policy.Compliance.MaturityStage;

namespace ZtFleet.Policy.Compliance.Maturity;

/// <summary>
/// The criteria that place a plant on the CISA ZTMM v2 stages, per pillar and cross-cutting capability, measured from
/// facts the control plane holds. Traditional has no criterion: every plant is at least there. docs/maturity.md renders
/// this table.
/// </summary>
public static class MaturityCatalogue
{
    /// <summary>Every criterion, by pillar then stage.</summary>
    public static IReadOnlyList<MaturityCriterionDefinition> All { get; } =
    [
        M("identity.declared", Identity, Initial, "Identities are declared centrally with their kind, across plants",
            FactKeys.FleetAccountsCentral, FactKeys.IdentitiesKindsKnown),
        M("identity.mfa-for-changes", Identity, Initial, "Changing anything needs MFA",
            FactKeys.RolesChangesNeedMfa),
        M("identity.mfa-everyone", Identity, Advanced, "Every person enrolled a second factor, and remote people always use it",
            FactKeys.IdentitiesMfaEnrolled, FactKeys.ZoneExternalMfaRequired),
        M("identity.just-in-time", Identity, Advanced, "Contractors and vendors get changes only through approved, time-bounded grants",
            FactKeys.ZoneExternalChangesByGrant, FactKeys.GrantsApproved, FactKeys.GrantsBounded),
        M("identity.continuous", Identity, Optimal, "Access follows a continuously computed trust score and every path needs MFA",
            FactKeys.TrustContinuous, FactKeys.ZoneHumansMfaRequired),

        M("devices.inventory", Devices, Initial, "Every asset is inventoried with vendor, model and firmware",
            FactKeys.ZoneInventory),
        M("devices.identified", Devices, Initial, "Every asset has a network identity its flows are attributed to",
            FactKeys.ZoneAssetsAddressed),
        M("devices.vulnerabilities", Devices, Advanced, "Vendor advisories are matched to assets and lower their trust",
            FactKeys.VulnerabilitiesTracked, FactKeys.TrustVulnerability),
        M("devices.no-high-vulnerabilities", Devices, Optimal, "No asset keeps a known vulnerability of high severity, and device behaviour is baselined",
            FactKeys.VulnerabilitiesHighOpen, FactKeys.ZoneBaselines),

        M("networks.enforced", Networks, Initial, "Every zone boundary is guarded by an enforcement point",
            FactKeys.ZoneEnforced),
        M("networks.segmented", Networks, Advanced, "Enterprise IT never reaches control zones directly, conduits carry changes only under conditions, enforcement points apply the current policy",
            FactKeys.ZoneNoItConduit, FactKeys.ZoneConduitsConditioned, FactKeys.ZoneInSync),
        M("networks.encrypted-fail-closed", Networks, Optimal, "Traffic from untrusted zones is encrypted and every zone fails closed",
            FactKeys.ZoneConduitsEncryptedUntrusted, FactKeys.ZoneFailClosed),

        M("applications.operations", ApplicationsAndWorkloads, Initial, "Conduits allow named protocol operations only, and deny the rest",
            FactKeys.EngineDefaultDeny, FactKeys.ZoneEnforced),
        M("applications.least-privilege", ApplicationsAndWorkloads, Advanced, "Roles are scoped to zones, kinds or asset types, and people act under their own identity",
            FactKeys.ZoneLeastPrivilege, FactKeys.ZoneNoSharedAccounts),
        M("applications.dual-approval", ApplicationsAndWorkloads, Optimal, "Safety functions change only with two approvers and from untrusted zones only under a grant",
            FactKeys.ZoneSafetyGrantsApproved, FactKeys.ZoneSafetyNoStandingChanges, FactKeys.PolicySafetyApprovers),

        M("data.audit", Data, Initial, "Access and changes are recorded in an audit trail",
            FactKeys.AuditRecords),
        M("data.tamper-evident", Data, Advanced, "The audit trail is signed so tampering is evident",
            FactKeys.AuditSigned),
        M("data.encrypted-in-transit", Data, Optimal, "Every conduit protects data in transit cryptographically",
            FactKeys.ZoneConduitsEncrypted),

        M("visibility.telemetry", VisibilityAndAnalytics, Initial, "Some zones send telemetry to the control plane",
            FactKeys.PlantTelemetry),
        M("visibility.every-zone", VisibilityAndAnalytics, Advanced, "Every zone sends telemetry and has learned its baselines",
            FactKeys.ZoneTelemetry, FactKeys.ZoneBaselines),
        M("visibility.analytics", VisibilityAndAnalytics, Optimal, "Detections feed continuous trust, and enforcement points are watched live",
            FactKeys.TrustContinuous, FactKeys.ZoneLive),

        M("automation.playbooks", AutomationAndOrchestration, Initial, "Response playbooks are declared",
            FactKeys.ResponsePlaybooks),
        M("automation.containment", AutomationAndOrchestration, Advanced, "Playbooks can contain: isolate, restrict writes, revoke grants, lock",
            FactKeys.ResponseContainment, FactKeys.ZoneIsolatePlaybook),
        M("automation.automatic", AutomationAndOrchestration, Optimal, "Containment runs automatically, bounded and reverted, and policy reaches every enforcement point at once",
            FactKeys.ResponseAutomatic, FactKeys.ZoneInSync),

        M("governance.versioned", Governance, Initial, "Policy is declared in versioned fleet documents",
            FactKeys.FleetVersioned),
        M("governance.reasoned", Governance, Advanced, "Every change must give a reason, and attestations are kept current",
            FactKeys.ChangesReasonRequired, FactKeys.AttestationsCurrent),
        M("governance.evidenced", Governance, Optimal, "Every recent change carries a reason and the audit trail is signed",
            FactKeys.ChangesWithReason, FactKeys.AuditSigned),
    ];

    private static MaturityCriterionDefinition M(string id, MaturityPillar pillar, MaturityStage stage, string statement, params string[] facts) =>
        new(id, pillar, stage, statement, facts);
}
