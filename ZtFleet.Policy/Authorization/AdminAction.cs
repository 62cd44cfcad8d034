namespace ZtFleet.Policy.Authorization;

/// <summary>
/// Everything the API lets a caller do, as <see cref="Authorizer"/> decides it. Values are never persisted; the table
/// in <see cref="Authorizer"/> names who may do each.
/// </summary>
public enum AdminAction
{
    /// <summary>Read a plant: its summary, assets, flow map, ranking, blast radius, quarantines, apply status.</summary>
    ReadPlant,

    /// <summary>Change one plant's definition directly (CSV import).</summary>
    ChangePlant,

    /// <summary>Apply a fleet document; with a plant: a document that names that plant.</summary>
    ApplyFleet,

    /// <summary>Preview (dry-run) any fleet document, whatever it names (fleet-wide).</summary>
    PreviewFleet,

    /// <summary>Apply a whole-fleet document that removes what it does not name (fleet-wide).</summary>
    Prune,

    /// <summary>Change identities through a fleet document (fleet-wide: an identity spans plants).</summary>
    ChangeIdentities,

    /// <summary>Know that an identity assigned to the plant exists.</summary>
    ReadIdentity,

    /// <summary>Lock an identity assigned to the plant (protective: an admin of any one of its plants may).</summary>
    LockIdentity,

    /// <summary>Lift an identity's lock (an admin of every one of its plants, since the lock holds at all of them).</summary>
    UnlockIdentity,

    /// <summary>Enroll an identity for TOTP (its one secret counts at every plant: an admin of every one of them).</summary>
    EnrollTotp,

    /// <summary>Record an MFA event for an identity assigned to the plant.</summary>
    AssertMfa,

    /// <summary>Read temporary access requests at the plant.</summary>
    ReadAccess,

    /// <summary>Ask for temporary access at the plant.</summary>
    RequestAccess,

    /// <summary>Approve or reject temporary access at the plant.</summary>
    ApproveAccess,

    /// <summary>Revoke temporary access (requested or active) at the plant.</summary>
    RevokeAccess,

    /// <summary>Ask for a quarantine of an asset of the plant, or for its lift.</summary>
    RequestQuarantine,

    /// <summary>Approve or reject a quarantine step at the plant.</summary>
    ApproveQuarantine,

    /// <summary>Create an enrollment token for an enforcement point of the plant.</summary>
    EnrollPoint,

    /// <summary>Enroll as an enforcement point of the plant with an enrollment token.</summary>
    CompleteEnrollment,

    /// <summary>Revoke an enforcement point of the plant.</summary>
    RevokePoint,

    /// <summary>Report as an enforcement point of the plant (acknowledgements, heartbeats).</summary>
    ReportAsPoint,

    /// <summary>Read how far the plant's enforcement points have applied its deltas.</summary>
    ReadPropagation,

    /// <summary>Read, verify and export the plant's audit chain and its signed checkpoints.</summary>
    ReadAudit,

    /// <summary>Read, verify and export the fleet-wide audit chain (scope <c>fleet</c>) and its checkpoints (fleet-wide).</summary>
    ReadFleetAudit,

    /// <summary>Ask for access and flow decisions at the plant.</summary>
    Decide,

    /// <summary>Read the plant's zone rulesets.</summary>
    ReadRuleset,

    /// <summary>Watch the plant's delta stream.</summary>
    WatchDeltas,

    /// <summary>Revoke an administrative or enrollment token by its id (fleet-wide).</summary>
    RevokeToken,

    /// <summary>Read the fleet's deny list of revoked tokens and enforcement points (fleet-wide).</summary>
    ReadRevocations,

    /// <summary>Read the trust score of an asset of the plant, or of an identity assigned to the plant, with its factors.</summary>
    ReadTrust,

    /// <summary>Read the plant's detections, watch them, and read its monitoring (learning) mode.</summary>
    ReadDetections,

    /// <summary>Acknowledge, close or learn the plant's detections.</summary>
    TriageDetections,

    /// <summary>End or restart learning mode for the plant or one of its zones.</summary>
    ChangeMonitoringMode,

    /// <summary>
    /// Propose the fleet-document change that declares observed flows of the plant (a preview: nothing is applied).
    /// Whoever may preview every document, or apply one to the plant.
    /// </summary>
    ProposeFlows,

    /// <summary>Send telemetry observed at the plant (<c>TelemetryService/Ingest</c>): enforcement points and sensors.</summary>
    IngestTelemetry,

    /// <summary>Read what the plant's telemetry senders have sent and what was refused.</summary>
    ReadTelemetry,

    /// <summary>Say that an enrolled machine of the plant is alive (heartbeats): enforcement points and sensors.</summary>
    SendHeartbeat,

    /// <summary>Read the plant's response actions (what playbooks did and propose).</summary>
    ReadResponse,

    /// <summary>Apply, dismiss or revert the plant's response actions.</summary>
    ActOnResponse,

    /// <summary>Change the fleet's response settings and playbooks (a fleet document with a <c>response:</c> section; fleet-wide).</summary>
    ChangeResponse,

    /// <summary>
    /// Read playbooks (<c>FleetService/ExportPlaybooks</c>): fleet-wide roles every one; a plant admin those whose
    /// scope admits a plant it sees.
    /// </summary>
    ReadPlaybooks,

    /// <summary>
    /// Read, list and watch incidents (fleet roles see every incident; a plant-scoped role sees the incidents with a
    /// part at its plants, and of an incident spanning other plants only its plants' parts).
    /// </summary>
    ReadIncidents,

    /// <summary>
    /// Assign, comment and close incidents. Comments: on any incident the caller sees; assigning and closing an
    /// incident that spans plants outside the caller's scope is a fleet role's alone.
    /// </summary>
    ChangeIncidents,

    /// <summary>
    /// Read the SIEM export's status (destinations, cursors, backlog, last errors): fleet-wide, since a destination
    /// receives records of every plant its filter allows and its configuration names hosts outside any plant.
    /// </summary>
    ReadExport,

    /// <summary>
    /// List, read and diff the fleet's versions (fleet-wide: a version is the whole fleet document, every plant and
    /// identity in it).
    /// </summary>
    ReadFleetVersions,

    /// <summary>Apply an earlier fleet version's document again as the whole fleet (fleet-wide, a prune).</summary>
    RollbackFleet,

    /// <summary>
    /// Change the fleet's attestations (a fleet document with a <c>compliance:</c> section; fleet-wide: the section is
    /// complete, so it replaces the attestations of every plant).
    /// </summary>
    ChangeAttestations,

    /// <summary>Import vendor security advisories (CSAF 2.0) for the whole fleet (fleet-wide: one advisory concerns every plant).</summary>
    ImportAdvisories,

    /// <summary>Read the known vulnerabilities of the plant's assets and the advisories behind them.</summary>
    ReadVulnerabilities,

    /// <summary>

    /// Assess the plant's compliance on demand, and read its stored assessments, comparisons, improvement plan, exports
    /// and report (administrators and auditors; a plant admin its plants).
    /// </summary>
    ReadCompliance,

    /// <summary>Assess the fleet's compliance and read the fleet-wide assessments, plan and report (fleet-wide).</summary>
    ReadFleetCompliance,

    /// <summary>Set the status of an improvement action of the plant (fleet admins and the plant's admins).</summary>
    ChangeComplianceActions,

    /// <summary>Set the status of a fleet-wide improvement action (fleet-wide: fleet admins).</summary>
    ChangeFleetComplianceActions,
}
