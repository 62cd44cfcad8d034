namespace ZtFleet.Policy.Inventory;

/// <summary>The kinds of entity a fleet document declares; the order is the order changes are listed in.</summary>
public enum EntityKind
{
    Plant = 1,
    Zone = 2,
    Asset = 3,
    Conduit = 4,
    Flow = 5,
    Identity = 6,

    /// <summary>A fleet-wide role definition (no plant).</summary>
    Role = 7,

    /// <summary>The fleet-wide access settings (no plant; the id is always <c>policy</c>).</summary>
    Policy = 8,

    /// <summary>A response playbook of the <c>response:</c> section (no plant; the id is the playbook's).</summary>
    Playbook = 9,

    /// <summary>
    /// An attestation of the <c>compliance:</c> section (its plant when it names one; the id is
    /// <c>&lt;requirement&gt;@&lt;plant or *&gt;[/&lt;zone&gt;]</c>, see <see cref="Compliance.ComplianceAttestations.Key"/>).
    /// </summary>
    Attestation = 10,

    /// <summary>
    /// An enforcement point or sensor (not declared in the document, enrolled with a token): named by compliance facts
    /// as the thing to fix (it has not applied the current epoch, it is silent).
    /// </summary>
    EnforcementPoint = 11,
}
