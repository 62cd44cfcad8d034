using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// What <see cref="CsafReader.Read"/> made of a text: the advisory, or (and then no advisory) every violation found;
/// warnings name what was read but will not match anything (an unreadable version range).
/// </summary>
public sealed record CsafReadResult(CsafAdvisory? Advisory, IReadOnlyList<Violation> Violations, IReadOnlyList<string> Warnings)
{
    /// <summary>True when the text is a valid CSAF 2.0 document.</summary>
    public bool IsValid => Advisory is not null && Violations.Count == 0;
}
