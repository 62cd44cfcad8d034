namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>The fixed vocabulary of response steps a playbook may take (fleet document <c>kind:</c>).</summary>
public enum PlaybookStepKind
{
    /// <summary>Not a step; never valid in a document.</summary>
    Unspecified = 0,

    /// <summary><c>alert</c>: raise the incident's visibility (an alert record to the SIEM export); changes nothing.</summary>
    Alert = 1,

    /// <summary><c>step-up-mfa</c>: the identity must present a fresh MFA factor before its next decision.</summary>
    StepUpMfa = 2,

    /// <summary><c>revoke-grants</c>: the identity's active temporary grants are revoked.</summary>
    RevokeGrants = 3,

    /// <summary><c>lock</c>: the identity is locked for a time.</summary>
    Lock = 4,

    /// <summary><c>restrict-writes</c>: the asset is quarantined in <c>restrict-writes</c> mode.</summary>
    RestrictWrites = 5,

    /// <summary><c>isolate</c>: the asset is quarantined in <c>isolate</c> mode.</summary>
    Isolate = 6,

    /// <summary><c>webhook</c>: a JSON POST to an HTTPS endpoint.</summary>
    Webhook = 7,
}
