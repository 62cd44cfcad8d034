namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>Why a step is not applied as declared (none when it is).</summary>
public enum StepGuard
{
    /// <summary>Nothing held it back.</summary>
    None = 0,

    /// <summary>The playbook declares it <c>recommend</c>.</summary>
    Declared = 1,

    /// <summary>It would isolate a safety-related asset, or act at once on an asset in a safety zone.</summary>
    Safety = 2,

    /// <summary>The asset or identity is marked <c>neverAuto</c>.</summary>
    NeverAuto = 3,

    /// <summary>A disruptive step during the plant's maintenance window: the change may be planned work.</summary>
    MaintenanceWindow = 4,

    /// <summary>The plant took its automatic actions for the hour.</summary>
    RateLimit = 5,

    /// <summary>Restrict-writes on a safety-related asset: a quarantine request for the approvers, never direct.</summary>
    SafetyApproval = 6,
}
