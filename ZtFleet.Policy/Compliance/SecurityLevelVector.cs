namespace ZtFleet.Policy.Compliance;

/// <summary>
/// A security level (0–4) per foundational requirement, as IEC 62443-3-3 states SL-T, SL-C and SL-A: the vector
/// <c>SL 2 (2,2,1,1,2,2,1)</c> lists FR 1 to FR 7 in order.
/// </summary>
public sealed record SecurityLevelVector(int Iac, int Uc, int Si, int Dc, int Rdf, int Tre, int Ra)
{
    /// <summary>The level for one foundational requirement.</summary>
    public int this[FoundationalRequirement fr] => fr switch
    {
        FoundationalRequirement.IdentificationAndAuthentication => Iac,
        FoundationalRequirement.UseControl => Uc,
        FoundationalRequirement.SystemIntegrity => Si,
        FoundationalRequirement.DataConfidentiality => Dc,
        FoundationalRequirement.RestrictedDataFlow => Rdf,
        FoundationalRequirement.TimelyResponseToEvents => Tre,
        FoundationalRequirement.ResourceAvailability => Ra,
        _ => throw new ArgumentOutOfRangeException(nameof(fr), fr, "not a foundational requirement"),
    };

    /// <summary>The same level for all seven foundational requirements (a zone's single SL-T).</summary>
    public static SecurityLevelVector Uniform(int level) => new(level, level, level, level, level, level, level);

    /// <summary>A vector from seven levels, FR 1 first.</summary>
    public static SecurityLevelVector Of(IReadOnlyList<int> levels) =>
        levels.Count == 7
            ? new(levels[0], levels[1], levels[2], levels[3], levels[4], levels[5], levels[6])
            : throw new ArgumentException("a security level vector has seven levels, FR 1 to FR 7", nameof(levels));

    /// <summary>The levels FR 1 to FR 7.</summary>
    public IReadOnlyList<int> Levels => [Iac, Uc, Si, Dc, Rdf, Tre, Ra];

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(',', Levels)})";
}
