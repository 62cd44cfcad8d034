namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>Which way an item moved between two assessments.</summary>
public enum ChangeDirection
{
    /// <summary>A higher level, a met requirement, an implemented control, a higher stage.</summary>
    Improved = 1,

    /// <summary>The other way.</summary>
    Regressed = 2,
}
