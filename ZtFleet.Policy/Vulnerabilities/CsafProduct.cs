namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// One product of an advisory's product tree, with what the matching rules compare (docs/vulnerabilities.md).
/// </summary>
/// <param name="ProductId">Its <c>product_id</c>, which product statuses, scores and remediations name.</param>
/// <param name="Name">Its full name (<c>product.name</c>).</param>
/// <param name="Vendor">The vendor: the enclosing <c>vendor</c> branch, else the vendor of its CPE; null when neither says.</param>
/// <param name="ProductName">The product: the enclosing <c>product_name</c> branch (else <c>product_family</c>), or null.</param>
/// <param name="Versions">Which versions it covers: one version, a range (vers or free text), or all.</param>
/// <param name="ModelNumbers">Model numbers of its identification helper (<c>*</c> and <c>?</c> are wildcards).</param>
/// <param name="Skus">Stock keeping units of its identification helper (wildcards as model numbers).</param>
/// <param name="Cpe">Its CPE (2.2 URI or 2.3 formatted string), or null.</param>
public sealed record CsafProduct(
    string ProductId,
    string Name,
    string? Vendor,
    string? ProductName,
    VersionRange Versions,
    IReadOnlyList<string> ModelNumbers,
    IReadOnlyList<string> Skus,
    string? Cpe);
