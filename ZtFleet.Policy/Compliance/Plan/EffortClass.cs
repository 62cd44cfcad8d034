namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>How much work an action is, roughly (docs/compliance.md, "Effort").</summary>
public enum EffortClass
{
    /// <summary>A document change: an attestation, an identity's or a role's settings.</summary>
    Low = 1,

    /// <summary>A segmentation change: zones, conduits, flows, playbooks.</summary>
    Medium = 2,

    /// <summary>Work on machines: assets, enforcement points, a plant's setup.</summary>
    High = 3,
}
