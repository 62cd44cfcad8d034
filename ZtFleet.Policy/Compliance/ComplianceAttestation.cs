using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// A person's statement, declared in the fleet document's <c>compliance:</c> section, that a requirement or control
/// ZtFleet cannot observe (emergency power, physical protection…) is met: for which requirement (<c>SR 7.5</c>) or
/// control (<c>A.7.1</c>), at which plant and zone (null: all), who attests, when, the evidence reference (a document
/// or ticket), and when it expires (an expired attestation no longer counts).
/// </summary>
public sealed record ComplianceAttestation(
    string Requirement,
    PlantId? Plant,
    ZoneId? Zone,
    string By,
    DateTimeOffset At,
    string Evidence,
    DateTimeOffset? Expires)
{
    /// <summary>True when the attestation counts at <paramref name="now"/>.</summary>
    public bool InForce(DateTimeOffset now) => At <= now && (Expires is null || now < Expires);
}
