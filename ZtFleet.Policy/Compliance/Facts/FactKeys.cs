namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>The keys of the facts an assessment computes (docs/iec62443.md, "Facts", says what each checks).</summary>
public static class FactKeys
{
    // Zone facts.
    public const string ZoneHumansDeclared = "zone.humans-declared";
    public const string ZoneEnforced = "zone.enforced";
    public const string ZoneInSync = "zone.in-sync";
    public const string ZoneAcknowledging = "zone.acknowledging";
    public const string ZoneLive = "zone.live";
    public const string ZoneRulesetsReported = "zone.rulesets-reported";
    public const string ZoneNoSharedAccounts = "zone.no-shared-accounts";
    public const string ZoneHumansMfaEnrolled = "zone.humans.mfa-enrolled";
    public const string ZoneHumansMfaRequired = "zone.humans.mfa-required";
    public const string ZoneExternalMfaEnrolled = "zone.external.mfa-enrolled";
    public const string ZoneExternalMfaRequired = "zone.external.mfa-required";
    public const string ZoneExternalSponsored = "zone.external.sponsored";
    public const string ZoneExternalChangesByGrant = "zone.external.changes-by-grant";
    public const string ZoneAssetsAddressed = "zone.assets-addressed";
    public const string ZoneLeastPrivilege = "zone.least-privilege";
    public const string ZoneSafetyGrantsApproved = "zone.safety.grants-dual-approved";
    public const string ZoneSafetyNoStandingChanges = "zone.safety.no-standing-changes";
    public const string ZoneNoItConduit = "zone.no-it-conduit";
    public const string ZoneConduitsConditioned = "zone.conduits.changes-conditioned";
    public const string ZoneConduitsIntegrity = "zone.conduits.integrity";
    public const string ZoneConduitsEncryptedUntrusted = "zone.conduits.encrypted-untrusted";
    public const string ZoneConduitsEncrypted = "zone.conduits.encrypted";
    public const string ZoneFailClosed = "zone.fail-closed";
    public const string ZoneIsolatePlaybook = "zone.isolate-playbook";
    public const string ZoneChangePlaybook = "zone.change-playbook";
    public const string ZoneTelemetry = "zone.telemetry";
    public const string ZoneBaselines = "zone.baselines";
    public const string ZoneInventory = "zone.inventory";

    // Conduit facts.
    public const string ConduitEnforced = "conduit.enforced";
    public const string ConduitDefaultDeny = "conduit.default-deny";
    public const string ConduitChangesConditioned = "conduit.changes-conditioned";
    public const string ConduitNoItToOt = "conduit.no-it-to-ot";
    public const string ConduitUntrustedGrant = "conduit.untrusted-needs-grant";
    public const string ConduitIntegrity = "conduit.integrity";
    public const string ConduitEncrypted = "conduit.encrypted";
    public const string ConduitEncryptedUntrusted = "conduit.encrypted-untrusted";

    // Plant and fleet facts.
    public const string FleetAccountsCentral = "fleet.accounts-central";
    public const string FleetUniqueIds = "fleet.unique-ids";
    public const string FleetVersioned = "fleet.versioned";
    public const string EngineDefaultDeny = "engine.default-deny";
    public const string EngineBreakGlass = "engine.break-glass";
    public const string PlantLoginAttempts = "plant.login-attempts";
    public const string PolicySessionBounds = "policy.session-bounds";
    public const string PolicySafetyApprovers = "policy.safety-approvers";
    public const string AuditRecords = "audit.records";
    public const string AuditSigned = "audit.signed-checkpoint";
    public const string ChangesReasonRequired = "changes.reason-required";
    public const string ChangesWithReason = "changes.recent-with-reason";
    public const string GrantsApproved = "grants.approved";
    public const string GrantsBounded = "grants.time-bounded";
    public const string RolesChangesNeedMfa = "roles.changes-need-mfa";
    public const string IdentitiesMfaEnrolled = "identities.mfa-enrolled";
    public const string IdentitiesKindsKnown = "identities.kinds-known";
    public const string VulnerabilitiesTracked = "vulnerabilities.advisories";
    public const string VulnerabilitiesHighOpen = "vulnerabilities.no-high-open";
    public const string TrustVulnerability = "trust.vulnerability-factor";
    public const string TrustContinuous = "trust.continuous";
    public const string ResponsePlaybooks = "response.playbooks";
    public const string ResponseContainment = "response.containment";
    public const string ResponseAutomatic = "response.automatic-containment";
    public const string ResponseCorrelation = "response.correlation";
    public const string AttestationsCurrent = "attestations.current";
    public const string PlantTelemetry = "plant.telemetry";
}
