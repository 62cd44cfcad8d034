namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>What one piece of evidence says about a requirement.</summary>
internal enum FactVerdict
{
    /// <summary>Live state shows it holds.</summary>
    Holds = 1,

    /// <summary>Live state shows it does not hold.</summary>
    Fails = 2,

    /// <summary>It does not concern this zone or conduit (no safety target, not an OT zone…).</summary>
    NotApplicable = 3,

    /// <summary>Live state cannot tell (a protocol whose security mode is not visible): an attestation decides.</summary>
    Undecided = 4,
}
