namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>Where a response step is in its life.</summary>
public enum ResponseActionStatus
{
    /// <summary>Not given; never stored.</summary>
    Unspecified = 0,

    /// <summary>Recommended: waiting for a person to apply or dismiss it.</summary>
    Proposed = 1,

    /// <summary>In effect (a step with nothing to revert, such as an alert, is applied and stays so).</summary>
    Applied = 2,

    /// <summary>Asked for: a quarantine request of a safety-related asset waits for its approvers.</summary>
    AwaitingApproval = 3,

    /// <summary>Undone: by its time to live, or by a person.</summary>
    Reverted = 4,

    /// <summary>A person dismissed the recommendation.</summary>
    Dismissed = 5,

    /// <summary>Applying (or reverting) it failed; <see cref="ResponseAction.Failure"/> says why.</summary>
    Failed = 6,
}
