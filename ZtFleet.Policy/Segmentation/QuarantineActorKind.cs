namespace ZtFleet.Policy.Segmentation;

/// <summary>Who acts on a quarantine: a person, or an automated response playbook.</summary>
public enum QuarantineActorKind
{
    Unspecified = 0,

    /// <summary>A person, authenticated with a role (administrator or approver).</summary>
    Person = 1,

    /// <summary>
    /// An automated response playbook. It may ask for a quarantine, which takes effect at once only for an asset
    /// that is not safety-related; it never approves, so a safety-related asset is never cut without two people.
    /// </summary>
    Playbook = 2,
}
