namespace ZtFleet.Policy.Compliance;

/// <summary>The status of an ISO/IEC 27001:2022 Annex A control in the statement of applicability.</summary>
public enum ControlStatus
{
    /// <summary>Applicable and implemented, as live evidence shows.</summary>
    Implemented = 1,

    /// <summary>Applicable and partly implemented; the failing facts say what is missing.</summary>
    PartiallyImplemented = 2,

    /// <summary>Applicable and not implemented.</summary>
    NotImplemented = 3,

    /// <summary>Implemented as an attestation in force states (ZtFleet cannot observe it).</summary>
    Attested = 4,

    /// <summary>Excluded from the statement of applicability, with the justification.</summary>
    NotApplicable = 5,
}
