namespace ZtFleet.Policy.Compliance;

/// <summary>The stages of the CISA Zero Trust Maturity Model v2, lowest first.</summary>
public enum MaturityStage
{
    /// <summary>Traditional.</summary>
    Traditional = 1,

    /// <summary>Initial.</summary>
    Initial = 2,

    /// <summary>Advanced.</summary>
    Advanced = 3,

    /// <summary>Optimal.</summary>
    Optimal = 4,
}
