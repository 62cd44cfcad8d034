namespace ZtFleet.Policy.Compliance;

/// <summary>How a requirement (or requirement enhancement) stands for a zone or conduit.</summary>
public enum RequirementStatus
{
    /// <summary>Live state shows it is met.</summary>
    Met = 1,

    /// <summary>Live state shows it is not met; the failing facts say why.</summary>
    NotMet = 2,

    /// <summary>ZtFleet cannot observe it, and an attestation in force says it is met.</summary>
    Attested = 3,

    /// <summary>ZtFleet cannot observe it, and no attestation in force covers it (none, or expired).</summary>
    NotAttested = 4,

    /// <summary>Not required for the zone's target level, or not applicable to it (stated in the facts).</summary>
    NotApplicable = 5,
}
