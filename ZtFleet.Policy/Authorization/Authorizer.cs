using System.Collections.Frozen;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Authorization;

/// <summary>
/// Who may do what, at which plant: one pure function from (principal, action, plant) to a decision, as cedar's
/// authorizer. Every service of the API asks it; none keeps role logic of its own.
/// </summary>
/// <remarks>
/// <para>
/// Scope first, then role. Fleet admins and auditors see every plant; every other role sees only the plants its token
/// names. A plant outside the caller's scope is refused as NOT_FOUND, exactly as a plant that does not exist, so a
/// caller scoped to plant A learns nothing about plant B; only when the answer cannot depend on whether the plant
/// exists (a fleet document names the plant it would create) is it PERMISSION_DENIED. A plant the caller sees but
/// whose action its role does not allow is PERMISSION_DENIED.
/// </para>
/// <para>
/// Without a plant, a plant-scoped action asks whether the role may do it anywhere (a gate before the plant is known);
/// fleet-wide actions (<see cref="AdminAction.Prune"/>, <see cref="AdminAction.ChangeIdentities"/>,
/// <see cref="AdminAction.PreviewFleet"/>) ignore the plant. Unknown roles or actions are refused: nothing is allowed
/// by default. Who may approve one request (never its requester or its subject, each approver once) is a rule of the
/// workflow, not of the role: <c>TemporaryAccessRules</c> and <c>QuarantineRules</c> decide it.
/// </para>
/// </remarks>
public static class Authorizer
{
    private static readonly FrozenDictionary<AdminAction, Rule> Rules = new Dictionary<AdminAction, Rule>
    {
        [AdminAction.ReadPlant] = new("read this plant", Admins),
        [AdminAction.ChangePlant] = new("change plants", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ApplyFleet] = new("apply fleet documents", Role.FleetAdmin, Role.PlantAdmin) { Conceals = false },
        [AdminAction.PreviewFleet] = new("preview every fleet document", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.Prune] = new("apply a whole-fleet (prune) document", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ChangeIdentities] = new("change identities through a fleet document", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ReadIdentity] = new("read identities", [.. Admins, Role.EnforcementPoint]),
        [AdminAction.LockIdentity] = new("lock this identity", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.UnlockIdentity] = new("unlock this identity", Role.FleetAdmin, Role.PlantAdmin) { EveryPlant = true },
        [AdminAction.EnrollTotp] = new("enroll this identity for TOTP", Role.FleetAdmin, Role.PlantAdmin) { EveryPlant = true },
        [AdminAction.AssertMfa] = new("record MFA events", Role.FleetAdmin, Role.PlantAdmin, Role.EnforcementPoint),
        [AdminAction.ReadAccess] = new("read access requests", Admins),
        [AdminAction.RequestAccess] = new("request access at this plant", Role.FleetAdmin, Role.PlantAdmin, Role.Approver),
        [AdminAction.ApproveAccess] = new("approve or reject access at this plant", Role.FleetAdmin, Role.PlantAdmin, Role.Approver),
        [AdminAction.RevokeAccess] = new("revoke access at this plant", Role.FleetAdmin, Role.PlantAdmin, Role.Approver),
        [AdminAction.RequestQuarantine] = new("ask for a quarantine or its lift (fleet admins and plant admins of the plant ask)", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ApproveQuarantine] = new("approve or reject a quarantine step (approvers of the plant decide)", Role.Approver),
        [AdminAction.EnrollPoint] = new("enroll enforcement points", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.CompleteEnrollment] = new("enroll (Enroll takes an enrollment token as its bearer token)", Role.Enrollment),
        [AdminAction.RevokePoint] = new("revoke enforcement points (fleet admins and admins of the point's plant do)", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ReportAsPoint] = new("report as an enforcement point (only an enforcement point acknowledges deltas and sends heartbeats)", Role.EnforcementPoint),
        [AdminAction.ReadPropagation] = new("read propagation status (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadAudit] = new("read the audit log", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadFleetAudit] = new("read the fleet-wide audit log", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.Decide] = new("ask for decisions", [.. Admins, Role.EnforcementPoint]),
        [AdminAction.ReadRuleset] = new("read rulesets", [.. Admins, Role.EnforcementPoint]),
        [AdminAction.WatchDeltas] = new("watch this plant", [.. Admins, Role.EnforcementPoint]),
        [AdminAction.ReadDetections] = new("read detections (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.TriageDetections] = new("acknowledge, close or learn detections", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ChangeMonitoringMode] = new("end or restart learning mode", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.RevokeToken] = new("revoke tokens", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ReadRevocations] = new("list revoked credentials", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.ReadTrust] = new("read trust scores (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ProposeFlows] = new("propose fleet changes from observed flows", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.IngestTelemetry] = new("send telemetry (only enforcement points and sensors do, with their own credential)", Role.EnforcementPoint, Role.Sensor),
        [AdminAction.ReadTelemetry] = new("read telemetry status (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadIncidents] = new("read incidents (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ChangeIncidents] = new("assign, comment or close incidents", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ReadExport] = new("read the SIEM export status (fleet admins and auditors do)", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.SendHeartbeat] = new("send heartbeats (only enforcement points and sensors do)", Role.EnforcementPoint, Role.Sensor),
        [AdminAction.ReadResponse] = new("read response actions (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ActOnResponse] = new("apply, dismiss or revert response actions (plant admins of the plant and fleet admins do)", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ChangeResponse] = new("change the fleet's response settings and playbooks", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ReadPlaybooks] = new("read playbooks (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadFleetVersions] = new("read fleet versions (fleet admins and auditors do: a version is the whole fleet)", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.RollbackFleet] = new("roll the fleet back to an earlier version", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ChangeAttestations] = new("change the fleet's compliance attestations", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ImportAdvisories] = new("import vendor security advisories (fleet admins do: an advisory concerns every plant)", Role.FleetAdmin) { FleetWide = true },
        [AdminAction.ReadVulnerabilities] = new("read known vulnerabilities (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadCompliance] = new("assess compliance or read assessments (administrators and auditors do)", Role.FleetAdmin, Role.PlantAdmin, Role.Auditor),
        [AdminAction.ReadFleetCompliance] = new("assess the fleet's compliance or read its assessments (fleet admins and auditors do)", Role.FleetAdmin, Role.Auditor) { FleetWide = true },
        [AdminAction.ChangeComplianceActions] = new("change the status of improvement actions (fleet admins and the plant's admins do)", Role.FleetAdmin, Role.PlantAdmin),
        [AdminAction.ChangeFleetComplianceActions] = new("change the status of fleet-wide improvement actions (fleet admins do)", Role.FleetAdmin) { FleetWide = true },
    }.ToFrozenDictionary();

    private static Role[] Admins => [Role.FleetAdmin, Role.PlantAdmin, Role.Auditor, Role.Approver];

    /// <summary>Every action the table knows (a test checks that it is every value of <see cref="AdminAction"/>).</summary>
    public static IEnumerable<AdminAction> Actions => Rules.Keys;

    /// <summary>True for the roles whose scope is the whole fleet (they see every plant).</summary>
    public static bool IsFleetWide(Role role) => role is Role.FleetAdmin or Role.Auditor;

    /// <summary>True when <paramref name="principal"/> may know that <paramref name="plant"/> exists.</summary>
    public static bool Sees(Principal principal, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return IsFleetWide(principal.Role) || principal.Plants.Contains(plant);
    }

    /// <summary>May <paramref name="principal"/> do <paramref name="action"/> at <paramref name="plant"/> (null: anywhere, or fleet-wide)?</summary>
    public static AuthorizationDecision Decide(Principal principal, AdminAction action, PlantId? plant = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!Rules.TryGetValue(action, out var rule))
        {
            return AuthorizationDecision.Denied($"'{action}' is not an action anyone may take.");
        }

        if (!rule.FleetWide && plant is { } id && !Sees(principal, id))
        {
            return rule.Conceals
                ? AuthorizationDecision.NotFound($"Plant '{id}' is outside the caller's scope.")
                : AuthorizationDecision.Denied($"Plant '{id}' is outside your scope.");
        }

        return rule.Roles.Contains(principal.Role)
            ? AuthorizationDecision.Allow
            : AuthorizationDecision.Denied($"{Spell(principal.Role)} cannot {rule.Verb}.");
    }

    /// <summary>
    /// May <paramref name="principal"/> do <paramref name="action"/> to something that belongs to every plant in
    /// <paramref name="plants"/> at once (an identity assigned to several)? For most actions, allowed at any one of
    /// them is enough (locking protects every plant). For actions that widen what the thing may do everywhere
    /// (unlocking, a new TOTP secret), the caller must be allowed at every one of them: an admin of plant A must not
    /// lift a lock set for plant B, nor hold a TOTP secret that counts at B. Belonging to none, it is a fleet-wide
    /// role's alone; to a caller who sees none of the plants it does not exist.
    /// </summary>
    public static AuthorizationDecision DecideAcross(Principal principal, AdminAction action, IEnumerable<PlantId> plants)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(plants);
        var decisions = plants.Distinct().Select(p => Decide(principal, action, p)).ToList();
        if (decisions.Count == 0)
        {
            return IsFleetWide(principal.Role)
                ? Decide(principal, action)
                : AuthorizationDecision.NotFound("It belongs to no plant in the caller's scope.");
        }

        if (!decisions.Any(d => d.IsVisible))
        {
            return decisions[0];
        }

        if (Rules.TryGetValue(action, out var rule) && rule.EveryPlant)
        {
            return decisions.All(d => d.IsAllowed)
                ? AuthorizationDecision.Allow
                : decisions.FirstOrDefault(d => d.IsVisible && !d.IsAllowed)
                    ?? AuthorizationDecision.Denied($"{Spell(principal.Role)} of some of its plants cannot {rule.Verb}: it also belongs to plants outside the caller's scope.");
        }

        return decisions.FirstOrDefault(d => d.IsAllowed) ?? decisions.First(d => d.IsVisible);
    }

    private static string Spell(Role role) => role switch
    {
        Role.FleetAdmin => "A fleet admin",
        Role.PlantAdmin => "A plant admin",
        Role.Auditor => "An auditor",
        Role.Approver => "An approver",
        Role.EnforcementPoint => "An enforcement point",
        Role.Enrollment => "An enrollment token",
        Role.Sensor => "A sensor",
        _ => "A caller of an unknown role",
    };

    /// <summary>One action: who may, whether it concerns one plant or the fleet, and whether out of scope hides the plant.</summary>
    private sealed record Rule(string Verb, params Role[] Roles)
    {
        public bool FleetWide { get; init; }

        public bool Conceals { get; init; } = true;

        /// <summary>For something at several plants: allowed only when allowed at every one (see <see cref="DecideAcross"/>).</summary>
        public bool EveryPlant { get; init; }
    }
}
