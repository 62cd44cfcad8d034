namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>What the plan does with a step.</summary>
public enum StepDisposition
{
    /// <summary>Not planned; never valid in a plan.</summary>
    Unspecified = 0,

    /// <summary>Applied now, by the playbook.</summary>
    Apply = 1,

    /// <summary>
    /// Asked for now, by the playbook, but in force only once people approve: restrict-writes on a safety-related
    /// asset becomes a quarantine request that needs the fleet's two (or more) approvers.
    /// </summary>
    RequestApproval = 2,

    /// <summary>Proposed to a person, who applies or dismisses it.</summary>
    Recommend = 3,
}
