namespace ZtFleet.Grains.Access;

/// <summary>Where a temporary access request stands.</summary>
public enum AccessRequestStatus
{
    Unspecified = 0,

    /// <summary>Submitted; waiting for approvals.</summary>
    Requested = 1,

    /// <summary>Approved and granted: effective only inside its window and with fresh MFA.</summary>
    Active = 2,

    /// <summary>Its window ended; the grant was removed everywhere.</summary>
    Expired = 3,

    /// <summary>Revoked by an administrator or approver; the grant was removed everywhere.</summary>
    Revoked = 4,

    /// <summary>Refused by an approver before it was granted.</summary>
    Rejected = 5,
}
