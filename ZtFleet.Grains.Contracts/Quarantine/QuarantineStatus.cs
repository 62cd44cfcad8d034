namespace ZtFleet.Grains.Quarantine;

/// <summary>Where a quarantine stands.</summary>
public enum QuarantineStatus
{
    Unspecified = 0,

    /// <summary>Asked for a safety-related asset; waiting for two approvers.</summary>
    Requested = 1,

    /// <summary>In the plant's delta log: enforcement points shrink the asset's conduits.</summary>
    InForce = 2,

    /// <summary>Still in force; its lift waits for approval.</summary>
    LiftRequested = 3,

    /// <summary>Lifted: the asset's conduits are as the definition says again.</summary>
    Lifted = 4,

    /// <summary>Refused by an approver before it took effect.</summary>
    Rejected = 5,

    /// <summary>Replaced by a tightening (restrict-writes → isolate) that took effect.</summary>
    Superseded = 6,

    /// <summary>Its asset left the plant's definition, and the quarantine with it.</summary>
    Dropped = 7,
}
