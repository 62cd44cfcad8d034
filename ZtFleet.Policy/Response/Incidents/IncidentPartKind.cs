namespace ZtFleet.Policy.Response.Incidents;

/// <summary>What a part of an incident's timeline is.</summary>
public enum IncidentPartKind
{
    /// <summary>Not a kind.</summary>
    Unspecified = 0,

    /// <summary>A detection (its id names it).</summary>
    Detection = 1,

    /// <summary>An MFA lockout of an identity.</summary>
    Lockout = 2,

    /// <summary>A quarantine requested, in force or lifted.</summary>
    Quarantine = 3,

    /// <summary>An access event (a refused access request, a break-glass, a revoked grant).</summary>
    Access = 4,

    /// <summary>A response step proposed, applied or reverted by a playbook.</summary>
    Response = 5,

    /// <summary>A person's comment, assignment or status change.</summary>
    Note = 6,
}
