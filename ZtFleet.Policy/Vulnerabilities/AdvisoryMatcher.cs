using System.Text.RegularExpressions;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// Matches an advisory's products to assets (vendor, model, firmware of <see cref="AssetSpec"/>), and gives each affected
/// asset its known vulnerabilities. The rules, all case-insensitive (docs/vulnerabilities.md):
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><b>Vendor.</b> Both names are reduced to words (punctuation dropped, legal forms such as AG, SE, GmbH, Inc.,
/// Ltd. removed) and one must begin with the other ("Siemens" matches "Siemens AG", "Schneider" matches "Schneider
/// Electric"). A product without a vendor (no vendor branch, no CPE) matches when its full name contains the asset's
/// vendor as words. An asset without a vendor matches nothing.</item>
/// <item><b>Model.</b> The asset's model equals the product name, the full name (with or without the vendor in front),
/// the CPE's product, a model number or a SKU (these with <c>*</c> and <c>?</c> wildcards, also against each word of the
/// model: "Modicon M580 BMEP582040" matches the model number <c>BMEP58*</c>); or one of model and product name contains
/// the other as consecutive words, where the contained side has a digit or at least two words ("S7-1500" is in
/// "SIMATIC S7-1500 CPU 1518-4 PN/DP"; "Modicon M580" is in "Modicon M580 BMEP582040"; "SIMATIC" alone is in nothing).
/// An asset without a model matches nothing.</item>
/// <item><b>Firmware.</b> The product's versions (<see cref="VersionRange"/>) must contain the asset's firmware,
/// compared as <see cref="FirmwareVersion"/>s. A product for all versions matches any firmware, even none. When the
/// firmware is unknown or holds no version and the product names versions, the asset is not matched and is listed as
/// undecided.</item>
/// <item><b>Status.</b> An asset is affected by a vulnerability when a product it matches is known affected (or first
/// or last affected) and no product it matches is fixed, first fixed or known not affected: a fixed status stops it
/// counting. Under investigation and recommended do not count.</item>
/// </list>
/// The CVSS of a match is the highest base score the vulnerability gives the affected products it matched; the
/// remediation lists the vendor fixes first, at most three lines.
/// </remarks>
public static partial class AdvisoryMatcher
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "ag", "se", "gmbh", "kg", "kgaa", "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "sa", "sas", "spa", "plc", "nv", "bv", "oy", "ab", "the",
    };

    /// <summary>The known vulnerabilities <paramref name="advisory"/> gives the assets of <paramref name="plant"/>.</summary>
    public static AdvisoryMatchResult Match(CsafAdvisory advisory, PlantId plant, IEnumerable<AssetSpec> assets)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        ArgumentNullException.ThrowIfNull(assets);
        var found = new List<KnownVulnerability>();
        var undecided = new List<string>();
        foreach (var asset in assets.OrderBy(a => a.Id.Value, StringComparer.Ordinal))
        {
            var matched = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var product in advisory.Products)
            {
                switch (Compare(product, asset, out var reason))
                {
                    case true:
                        matched.TryAdd(product.ProductId, reason);
                        break;
                    case null:
                        undecided.Add($"asset {plant}/{asset.Id} ({asset.Vendor} {asset.Model}, firmware {asset.Firmware ?? "unknown"}) is {product.Name} but its firmware cannot be compared with '{product.Versions}'");
                        break;
                }
            }

            if (matched.Count == 0)
            {
                continue;
            }

            foreach (var vulnerability in advisory.Vulnerabilities)
            {
                var affected = matched.Keys.Where(vulnerability.Affected.Contains).Order(StringComparer.Ordinal).ToList();
                if (affected.Count == 0 || matched.Keys.Any(vulnerability.NotAffected.Contains))
                {
                    continue;
                }

                var scores = affected.Where(vulnerability.Scores.ContainsKey).Select(p => vulnerability.Scores[p]).ToList();
                var product = advisory.Products.First(p => p.ProductId == affected[0]);
                found.Add(new KnownVulnerability(
                    plant,
                    asset.Id,
                    vulnerability.Id,
                    advisory.Id,
                    advisory.Publisher,
                    scores.Count == 0 ? null : scores.Max(),
                    product.Name,
                    Remediation(vulnerability, affected),
                    advisory.Released)
                {
                    Title = vulnerability.Title,
                    MatchedBy = matched[affected[0]],
                    AdvisoryVersion = advisory.Version,
                    PublisherNamespace = advisory.PublisherNamespace,
                });
            }
        }

        // A document that names one CVE twice (which CSAF forbids, but the schema lets pass) gives it once, at its worst.
        var distinct = found
            .GroupBy(v => (v.Asset, v.Cve))
            .Select(g => g.OrderByDescending(v => v.Cvss ?? -1).First())
            .ToList();
        return new AdvisoryMatchResult(distinct, undecided.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Whether <paramref name="asset"/> is <paramref name="product"/>: true with the reason, false, or null when vendor and
    /// model match but the firmware cannot be compared.
    /// </summary>
    public static bool? Compare(CsafProduct product, AssetSpec asset, out string reason)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(asset);
        reason = string.Empty;
        if (!SameVendor(product, asset.Vendor) || ModelMatch(product, asset.Model) is not { } model)
        {
            return false;
        }

        var firmware = product.Versions.Contains(asset.Firmware);
        if (firmware is not true)
        {
            return firmware;
        }

        reason = product.Versions.Kind == VersionRangeKind.All
            ? $"vendor {asset.Vendor}, model {model}, all versions"
            : $"vendor {asset.Vendor}, model {model}, firmware {asset.Firmware} in '{product.Versions}'";
        return true;
    }

    private static bool SameVendor(CsafProduct product, string? vendor)
    {
        var asset = VendorWords(vendor);
        if (asset.Count == 0)
        {
            return false;
        }

        if (product.Vendor is null)
        {
            return Contains(Words(product.Name), asset);
        }

        var theirs = VendorWords(product.Vendor);
        return theirs.Count > 0 && (StartsWith(theirs, asset) || StartsWith(asset, theirs));
    }

    /// <summary>What the model matched, as the reason says it, or null.</summary>
    private static string? ModelMatch(CsafProduct product, string? assetModel)
    {
        var model = Words(assetModel);
        if (model.Count == 0)
        {
            return null;
        }

        var exact = new[] { product.ProductName, product.Name, WithoutVendor(product), CpeName.TryParse(product.Cpe)?.Product }
            .Where(n => n is not null)
            .Select(n => Words(n))
            .FirstOrDefault(n => n.SequenceEqual(model));
        if (exact is not null)
        {
            return $"'{assetModel}' is '{string.Join(' ', exact)}'";
        }

        var joined = string.Join(' ', model);
        foreach (var pattern in product.ModelNumbers.Concat(product.Skus))
        {
            var glob = Glob(pattern.Trim().ToLowerInvariant());
            if (glob.IsMatch(joined) || model.Any(glob.IsMatch))
            {
                return $"'{assetModel}' matches model number '{pattern}'";
            }
        }

        foreach (var name in new[] { product.ProductName, product.Name })
        {
            var words = Words(name);
            if (words.Count == 0)
            {
                continue;
            }

            if (Significant(model) && Contains(words, model))
            {
                return $"'{assetModel}' is part of '{name}'";
            }

            if (Significant(words) && Contains(model, words))
            {
                return $"'{assetModel}' is a '{name}'";
            }
        }

        return null;
    }

    private static string? WithoutVendor(CsafProduct product)
    {
        var vendor = VendorWords(product.Vendor);
        var name = Words(product.Name);
        return vendor.Count > 0 && StartsWith(name, vendor) ? string.Join(' ', name.Skip(vendor.Count)) : null;
    }

    private static string? Remediation(CsafVulnerability vulnerability, IReadOnlyList<string> products)
    {
        var lines = products
            .SelectMany(p => vulnerability.Remediations.TryGetValue(p, out var list) ? list : [])
            .Distinct()
            .OrderBy(r => r.Category == "vendor_fix" ? 0 : 1)
            .Select(r => r.ToString())
            .Distinct(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return lines.Count == 0 ? null : string.Join("; ", lines);
    }

    /// <summary>A contained side must say something specific: a digit, or at least two words.</summary>
    private static bool Significant(List<string> words) => words.Count >= 2 || words.Any(w => w.Any(char.IsDigit));

    private static List<string> Words(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.ToLowerInvariant().Split([' ', '\t', '\n', '\r', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<string> VendorWords(string? vendor) =>
        string.IsNullOrWhiteSpace(vendor)
            ? []
            : NonWord().Replace(vendor.ToLowerInvariant(), " ")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => !LegalForms.Contains(w))
                .ToList();

    private static bool StartsWith(List<string> words, List<string> prefix) =>
        prefix.Count > 0 && words.Count >= prefix.Count && words.Take(prefix.Count).SequenceEqual(prefix);

    private static bool Contains(List<string> words, List<string> part)
    {
        for (var i = 0; i + part.Count <= words.Count && part.Count > 0; i++)
        {
            if (words.Skip(i).Take(part.Count).SequenceEqual(part))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A model number or SKU pattern as a regular expression, built once per pattern (a fleet has thousands of assets).</summary>
    private static Regex Glob(string pattern) =>
        Globs.GetOrAdd(pattern, p => new Regex(
            "^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}
