namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>What kind of gap an action closes.</summary>
public enum GapKind
{
    /// <summary>An IEC 62443-3-3 requirement of a zone.</summary>
    ZoneRequirement = 1,

    /// <summary>An IEC 62443-3-3 requirement of a conduit.</summary>
    ConduitRequirement = 2,

    /// <summary>An ISO/IEC 27001:2022 Annex A control.</summary>
    Control = 3,

    /// <summary>A CISA maturity criterion.</summary>
    MaturityCriterion = 4,
}
