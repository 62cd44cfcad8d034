namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// An imported advisory as stored: identified by <see cref="PublisherNamespace"/> and <see cref="Id"/> (as CSAF
/// identifies documents), its current revision, who imported it when, and the document's text (kept so matches can be
/// recomputed when the inventory changes; empty in listings).
/// </summary>
/// <param name="PublisherNamespace">The publisher's namespace URL.</param>
/// <param name="Id">The tracking id.</param>
/// <param name="Publisher">The publisher's name.</param>
/// <param name="Title">The title.</param>
/// <param name="Version">The revision (<c>tracking.version</c>).</param>
/// <param name="Released">When this revision was released.</param>
/// <param name="ImportedAt">When it was imported.</param>
/// <param name="ImportedBy">Who imported it (<c>subject (role)</c>).</param>
/// <param name="VulnerabilityCount">How many vulnerabilities it lists.</param>
/// <param name="MaxCvss">The highest CVSS base score it gives, or null.</param>
/// <param name="Document">The CSAF JSON as imported (empty when listed).</param>
public sealed record AdvisoryRecord(
    string PublisherNamespace,
    string Id,
    string Publisher,
    string Title,
    string Version,
    DateTimeOffset Released,
    DateTimeOffset ImportedAt,
    string ImportedBy,
    int VulnerabilityCount,
    double? MaxCvss,
    string Document)
{
    /// <summary>How many known vulnerabilities of assets it gives now (filled in listings).</summary>
    public int Matches { get; init; }

    /// <summary>The record of <paramref name="advisory"/> imported by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public static AdvisoryRecord Of(CsafAdvisory advisory, string document, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        var scores = advisory.Vulnerabilities.SelectMany(v => v.Scores.Values).ToList();
        return new AdvisoryRecord(
            advisory.PublisherNamespace,
            advisory.Id,
            advisory.Publisher,
            advisory.Title,
            advisory.Version,
            advisory.Released,
            at,
            by,
            advisory.Vulnerabilities.Count,
            scores.Count == 0 ? null : scores.Max(),
            document);
    }
}
