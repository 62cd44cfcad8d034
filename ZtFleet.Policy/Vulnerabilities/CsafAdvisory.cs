namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// A vendor security advisory as read from a CSAF 2.0 document: who published it (publisher name and namespace, which
/// with <paramref name="Id"/> identify it), its revision (<paramref name="Version"/>, <paramref name="Released"/>), the
/// products of its product tree and its vulnerabilities.
/// </summary>
/// <param name="Id">The document's <c>tracking.id</c> (<c>SSA-123456</c>, <c>SEVD-2024-100-01</c>).</param>
/// <param name="Publisher">The publisher's name.</param>
/// <param name="PublisherNamespace">The publisher's namespace URL (<c>https://www.siemens.com</c>).</param>
/// <param name="Title">The document's title.</param>
/// <param name="Version">The revision, <c>tracking.version</c> (an integer or a semantic version).</param>
/// <param name="Released">When this revision was released (<c>tracking.current_release_date</c>).</param>
/// <param name="InitialRelease">When the first revision was released.</param>
/// <param name="Status">The tracking status: <c>draft</c>, <c>interim</c> or <c>final</c>.</param>
/// <param name="Products">Every product the tree defines (branches, full product names, relationships).</param>
/// <param name="Vulnerabilities">The vulnerabilities, in document order.</param>
public sealed record CsafAdvisory(
    string Id,
    string Publisher,
    string PublisherNamespace,
    string Title,
    string Version,
    DateTimeOffset Released,
    DateTimeOffset InitialRelease,
    string Status,
    IReadOnlyList<CsafProduct> Products,
    IReadOnlyList<CsafVulnerability> Vulnerabilities);
