namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>One comparison of a version range: <c>&lt;V3.1</c>, <c>&gt;=2.0</c>, <c>=1.4.2</c>, <c>!=1.5</c>.</summary>
/// <param name="Comparator">One of <c>=</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</param>
/// <param name="Version">The version compared with.</param>
public sealed record VersionConstraint(string Comparator, FirmwareVersion Version)
{
    /// <summary>True for <c>&gt;</c> and <c>&gt;=</c>: the constraint opens a range upwards.</summary>
    public bool IsLower => Comparator is ">" or ">=";

    /// <summary>True for <c>&lt;</c> and <c>&lt;=</c>: the constraint closes a range.</summary>
    public bool IsUpper => Comparator is "<" or "<=";

    /// <summary>Whether <paramref name="version"/> satisfies this comparison alone.</summary>
    public bool Holds(FirmwareVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var compared = version.CompareTo(Version);
        return Comparator switch
        {
            "=" => compared == 0,
            "!=" => compared != 0,
            "<" => compared < 0,
            "<=" => compared <= 0,
            ">" => compared > 0,
            ">=" => compared >= 0,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Comparator}{Version}";
}
