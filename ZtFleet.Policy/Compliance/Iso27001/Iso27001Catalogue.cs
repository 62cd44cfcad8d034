using ZtFleet.Policy.Compliance.Facts;

namespace ZtFleet.Policy.Compliance.Iso27001;

/// <summary>
/// The ISO/IEC 27001:2022 Annex A controls that zero trust in OT touches, as ZtFleet evaluates them (titles and
/// justifications in ZtFleet's words). docs/iso27001.md renders this table.
/// </summary>
public static class Iso27001Catalogue
{
    /// <summary>Every control of the statement of applicability, in Annex A order.</summary>
    public static IReadOnlyList<Iso27001Control> All { get; } =
    [
        C("A.5.7", "Threat intelligence",
            "Vendor security advisories (CSAF) are the threat information OT acts on: matched to assets, they become known vulnerabilities.",
            [FactKeys.VulnerabilitiesTracked], ["SR 7.8"]),
        C("A.5.15", "Access control",
            "Every access to a zone is decided per identity and operation and enforced at the zone boundary; what no rule allows is denied.",
            [FactKeys.ZoneEnforced, FactKeys.EngineDefaultDeny, FactKeys.ZoneLeastPrivilege], ["SR 2.1", "SR 2.1 RE 2", "SR 5.2 RE 1"]),
        C("A.5.16", "Identity management",
            "People and service accounts of every plant are declared once, with their kind and sponsoring organization, in the versioned fleet document.",
            [FactKeys.IdentitiesKindsKnown, FactKeys.FleetAccountsCentral, FactKeys.ZoneExternalSponsored, FactKeys.FleetUniqueIds], ["SR 1.1", "SR 1.3", "SR 1.4"]),
        C("A.5.17", "Authentication information",
            "ZtFleet holds second-factor enrolment (TOTP secrets) and consumes the identity provider's MFA assertions; failed attempts are limited.",
            [FactKeys.IdentitiesMfaEnrolled, FactKeys.PlantLoginAttempts], ["SR 1.5", "SR 1.7", "SR 1.11"]),
        C("A.5.18", "Access rights",
            "Rights come from roles per plant and approved, time-bounded grants; rights changes are versioned with who, when and why.",
            [FactKeys.GrantsApproved, FactKeys.GrantsBounded, FactKeys.ZoneLeastPrivilege, FactKeys.FleetVersioned], ["SR 1.3", "SR 2.1 RE 2", "SR 1.13 RE 1"]),
        C("A.5.19", "Information security in supplier relationships",
            "Supplier contracts and their security terms live outside ZtFleet.",
            [], []),
        C("A.5.20", "Security in supplier agreements",
            "Supplier agreements live outside ZtFleet.",
            [], []),
        C("A.5.21", "Security in the ICT supply chain",
            "Components are inventoried with vendor, model and firmware, and vendor advisories are matched to them.",
            [FactKeys.ZoneInventory, FactKeys.VulnerabilitiesTracked], ["SR 7.8"]),
        C("A.5.22", "Monitoring and review of supplier services",
            "Vendor technicians and contractors change nothing without an approved temporary grant, use MFA, and their actions are audited.",
            [FactKeys.ZoneExternalChangesByGrant, FactKeys.ZoneExternalMfaRequired, FactKeys.AuditRecords], ["SR 1.13 RE 1", "SR 1.1 RE 2"]),
        C("A.5.24", "Incident management planning and preparation",
            "Response playbooks declare what happens on which detection or incident, per plant and zone kind.",
            [FactKeys.ResponsePlaybooks], ["SR 6.2"]),
        C("A.5.25", "Assessment of and decision on security events",
            "Telemetry and baselines turn events into detections, correlated into incidents across plants.",
            [FactKeys.ZoneTelemetry, FactKeys.ZoneBaselines, FactKeys.ResponseCorrelation], ["SR 6.2"]),
        C("A.5.26", "Response to information security incidents",
            "Playbooks contain incidents (isolate, restrict writes, revoke grants, lock, step-up MFA); quarantines are approved and audited.",
            [FactKeys.ResponseContainment, FactKeys.ZoneIsolatePlaybook], ["SR 5.2 RE 2", "SR 3.4 RE 1"]),
        C("A.5.27", "Learning from information security incidents",
            "Lessons learned are a human process outside ZtFleet.",
            [], []),
        C("A.5.28", "Collection of evidence",
            "Audit records are hash-linked and their chain heads signed, so evidence can be verified by a third party.",
            [FactKeys.AuditRecords, FactKeys.AuditSigned], ["SR 2.8", "SR 2.12", "SR 3.9"]),
        C("A.8.2", "Privileged access rights",
            "Changing logic, configuration or safety functions needs fresh MFA, safety targets need two approvers, and contractors get changes only through grants.",
            [FactKeys.RolesChangesNeedMfa, FactKeys.PolicySafetyApprovers, FactKeys.ZoneSafetyGrantsApproved, FactKeys.ZoneSafetyNoStandingChanges, FactKeys.ZoneExternalChangesByGrant],
            ["SR 2.1 RE 4", "SR 1.1 RE 2", "SR 1.13 RE 1"]),
        C("A.8.3", "Information access restriction",
            "Conduits restrict which operations reach which assets, and those that change the process carry conditions.",
            [FactKeys.ZoneEnforced, FactKeys.ZoneConduitsConditioned], ["SR 2.1 RE 1", "SR 7.7"]),
        C("A.8.5", "Secure authentication",
            "People enrol a second factor; changes need fresh MFA; failed attempts are limited.",
            [FactKeys.IdentitiesMfaEnrolled, FactKeys.RolesChangesNeedMfa, FactKeys.PlantLoginAttempts], ["SR 1.1 RE 2", "SR 1.1 RE 3", "SR 1.11"]),
        C("A.8.8", "Management of technical vulnerabilities",
            "Known vulnerabilities from advisories are matched to assets and lower their trust; none of high severity should stay open.",
            [FactKeys.VulnerabilitiesTracked, FactKeys.VulnerabilitiesHighOpen, FactKeys.TrustVulnerability, FactKeys.ZoneInventory], ["SR 7.8"]),
        C("A.8.9", "Configuration management",
            "Zones, conduits, roles and policy are declared in versioned fleet documents; enforcement points report the epoch and ruleset they applied.",
            [FactKeys.FleetVersioned, FactKeys.ZoneInSync, FactKeys.ZoneRulesetsReported], ["SR 7.6", "SR 7.6 RE 1"]),
        C("A.8.15", "Logging",
            "Every decision that changes state and every administrative action is written to a per-plant, hash-linked audit chain with signed checkpoints.",
            [FactKeys.AuditRecords, FactKeys.AuditSigned], ["SR 2.8", "SR 2.11", "SR 3.9", "SR 6.1"]),
        C("A.8.16", "Monitoring activities",
            "Zones send telemetry, baselines are learned, and trust scores follow detections continuously.",
            [FactKeys.ZoneTelemetry, FactKeys.ZoneBaselines, FactKeys.TrustContinuous, FactKeys.ZoneLive], ["SR 6.2", "SR 3.3 RE 2"]),
        C("A.8.17", "Clock synchronisation",
            "ZtFleet stamps records with the control plane's UTC clock; synchronising plant clocks (NTP) happens outside it.",
            [], ["SR 2.11 RE 1"]),
        C("A.8.20", "Networks security",
            "Every zone boundary is guarded by an enforcement point that has applied the current policy and fails closed.",
            [FactKeys.ZoneEnforced, FactKeys.ZoneInSync, FactKeys.ZoneFailClosed], ["SR 5.2", "SR 5.2 RE 3"]),
        C("A.8.21", "Security of network services",
            "Conduits name the protocols, ports and operations they allow, changes under conditions, and protect traffic cryptographically.",
            [FactKeys.EngineDefaultDeny, FactKeys.ZoneConduitsConditioned, FactKeys.ZoneConduitsEncryptedUntrusted], ["SR 7.7", "SR 4.1 RE 1", "SR 3.1 RE 1"]),
        C("A.8.22", "Segregation of networks",
            "Plants are split into IEC 62443 zones with conduits as the only paths; enterprise IT never reaches control zones directly.",
            [FactKeys.ZoneEnforced, FactKeys.ZoneNoItConduit], ["SR 5.1", "SR 5.1 RE 2"]),
        C("A.8.32", "Change management",
            "Every change is an apply of the fleet document, versioned with who, when, why and a ticket; the policy can make a reason mandatory.",
            [FactKeys.FleetVersioned, FactKeys.ChangesReasonRequired, FactKeys.ChangesWithReason], ["SR 7.6"]),
    ];

    private static Iso27001Control C(string id, string title, string justification, string[] facts, string[] related) =>
        new(id, title, justification, facts, related);

    /// <summary>The control with this id (any spelling <see cref="ComplianceAttestations.Canonical"/> accepts); null when none.</summary>
    public static Iso27001Control? Find(string id)
    {
        var canonical = ComplianceAttestations.Canonical(id);
        return All.FirstOrDefault(c => c.Id == canonical);
    }
}
