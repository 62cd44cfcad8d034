namespace ZtFleet.Policy.Access;

/// <summary>Why an approval does not count; the API answers the first two PERMISSION_DENIED, the last FAILED_PRECONDITION.</summary>
public enum ApprovalRefusalKind
{
    /// <summary>Not a person (a playbook never approves).</summary>
    NotAPerson,

    /// <summary>The approver asked for the step, or is the one it is for: nobody approves their own request.</summary>
    OwnRequest,

    /// <summary>The approver approved this step already: an approval counts once.</summary>
    AlreadyApproved,
}
