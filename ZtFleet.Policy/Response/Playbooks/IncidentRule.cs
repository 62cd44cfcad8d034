namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>Incident conditions a playbook trigger can name (fleet document <c>incident:</c> list).</summary>
public enum IncidentRule
{
    /// <summary>Not a rule; never valid in a document.</summary>
    Unspecified = 0,

    /// <summary><c>opened</c>: any new incident in scope.</summary>
    Opened = 1,

    /// <summary><c>cross-plant</c>: the incident spans more than one plant.</summary>
    CrossPlant = 2,

    /// <summary><c>toward-safety</c>: the incident reached a safety zone or a safety-related asset.</summary>
    TowardSafety = 3,

    /// <summary><c>conduit-chain</c>: detections follow conduits from zone to zone.</summary>
    ConduitChain = 4,
}
