namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>How much of an observed flow the plant's conduits and declared flows allow.</summary>
public enum CoverageStatus
{
    /// <summary>Not judged (never the answer of <see cref="FlowCoverage"/>).</summary>
    Unspecified = 0,

    /// <summary>Every observed operation (or, without operations, the connection) would be allowed.</summary>
    Covered = 1,

    /// <summary>Some observed operations would be allowed, others not.</summary>
    PartlyCovered = 2,

    /// <summary>Nothing observed would be allowed: an undeclared flow.</summary>
    NotCovered = 3,
}
