namespace ZtFleet.Policy.Compliance.Iec62443;

/// <summary>
/// One system requirement (SR) or requirement enhancement (RE) of IEC 62443-3-3 as ZtFleet evaluates it: its id
/// (<c>SR 1.1 RE 2</c>), foundational requirement, the security level at which it is first required, a title and how
/// it is evaluated in ZtFleet's own words, and the facts it reads for a zone (<see cref="ZoneFacts"/>) and for a
/// conduit (<see cref="ConduitFacts"/>). A requirement with no zone facts cannot be observed: an attestation decides it.
/// </summary>
public sealed record Iec62443Requirement(
    string Id,
    FoundationalRequirement Fr,
    int Level,
    string Title,
    string HowEvaluated,
    IReadOnlyList<string> ZoneFacts,
    IReadOnlyList<string> ConduitFacts)
{
    /// <summary>Whether live state decides it for a zone (otherwise an attestation does).</summary>
    public bool Observable => ZoneFacts.Count > 0;

    /// <summary>Whether it is also evaluated per conduit.</summary>
    public bool AtConduit => ConduitFacts.Count > 0;
}
