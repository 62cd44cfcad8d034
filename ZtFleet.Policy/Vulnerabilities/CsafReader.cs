using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// Reads a CSAF 2.0 advisory (JSON): first whether it is one at all (JSON, <c>document.csaf_version</c> "2.0"), then the
/// official schema, then the references between its parts (every product id a status, score, remediation or group
/// names is defined, and defined once), and only then its product tree and vulnerabilities. Any violation: no advisory.
/// </summary>
public static class CsafReader
{
    /// <summary>The only CSAF version read.</summary>
    public const string Version = "2.0";

    private static readonly string[] AffectedStatuses = ["known_affected", "first_affected", "last_affected"];
    private static readonly string[] NotAffectedStatuses = ["fixed", "first_fixed", "known_not_affected"];
    private static readonly string[] AllStatuses = [.. AffectedStatuses, .. NotAffectedStatuses, "recommended", "under_investigation"];

    /// <summary>Reads <paramref name="text"/>; see <see cref="CsafReadResult"/>.</summary>
    public static CsafReadResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            return Refused(new Violation("(document)", $"is not JSON: {Echo.Of(ex.Message)}"));
        }

        if (root is not JsonObject top || top["document"] is not JsonObject document)
        {
            return Refused(new Violation("document", "is missing: not a CSAF document (a CSAF document is a JSON object with a 'document' object)"));
        }

        if (document["csaf_version"] is not JsonValue versionNode || versionNode.GetValueKind() != JsonValueKind.String)
        {
            return Refused(new Violation("document.csaf_version", "is missing: not a CSAF document"));
        }

        var version = versionNode.GetValue<string>();
        if (version != Version)
        {
            return Refused(new Violation("document.csaf_version", $"is {Echo.Of(version)}; only CSAF {Version} is read"));
        }

        var schemaViolations = CsafSchema.Validate(top);
        if (schemaViolations.Count > 0)
        {
            return new CsafReadResult(null, schemaViolations, []);
        }

        var warnings = new List<string>();
        var products = new List<CsafProduct>();
        var tree = top["product_tree"] as JsonObject;
        var branches = tree?["branches"] as JsonArray ?? [];
        for (var i = 0; i < branches.Count; i++)
        {
            Walk(branches[i]!.AsObject(), $"product_tree.branches[{i}]", new BranchContext(null, null, null), products);
        }

        foreach (var full in tree?["full_product_names"] as JsonArray ?? [])
        {
            products.Add(Product(full!.AsObject(), new BranchContext(null, null, null)));
        }

        // A relationship's product (a firmware "as installed on" a device) is matched as the component it refers to.
        var relationships = tree?["relationships"] as JsonArray ?? [];
        var defined = products.GroupBy(p => p.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var violations = new List<Violation>();
        for (var i = 0; i < relationships.Count; i++)
        {
            var relationship = relationships[i]!.AsObject();
            var full = relationship["full_product_name"]!.AsObject();
            var reference = Text(relationship["product_reference"])!;
            if (!defined.TryGetValue(reference, out var component))
            {
                violations.Add(new Violation($"product_tree.relationships[{i}].product_reference", $"names product {Echo.Of(reference)}, which the product tree does not define"));
                continue;
            }

            products.Add(component with { ProductId = Text(full["product_id"])!, Name = Text(full["name"])! });
        }

        var duplicates = products.GroupBy(p => p.ProductId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        violations.AddRange(duplicates.Select(d => new Violation("product_tree", $"defines product id {Echo.Of(d)} more than once")));
        var ids = products.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
        var groups = Groups(tree, ids, violations);

        var vulnerabilities = new List<CsafVulnerability>();
        var vulnerabilityNodes = top["vulnerabilities"] as JsonArray ?? [];
        for (var i = 0; i < vulnerabilityNodes.Count; i++)
        {
            vulnerabilities.Add(Vulnerability(vulnerabilityNodes[i]!.AsObject(), $"vulnerabilities[{i}]", ids, groups, violations));
        }

        var tracking = document["tracking"]!.AsObject();
        var released = Date(tracking["current_release_date"], "document.tracking.current_release_date", violations);
        var initial = Date(tracking["initial_release_date"], "document.tracking.initial_release_date", violations);
        if (violations.Count > 0)
        {
            return new CsafReadResult(null, violations.Take(CsafSchema.MaxViolations).ToList(), []);
        }

        foreach (var product in products.Where(p => p.Versions.Kind == VersionRangeKind.Unreadable))
        {
            warnings.Add($"product {product.ProductId} ({product.Name}): the version range {Echo.Of(product.Versions.Text)} could not be read; it matches no asset");
        }

        var publisher = document["publisher"]!.AsObject();
        var advisory = new CsafAdvisory(
            Text(tracking["id"])!,
            Text(publisher["name"])!,
            Text(publisher["namespace"])!,
            Text(document["title"])!,
            Text(tracking["version"])!,
            released,
            initial,
            Text(tracking["status"])!,
            products,
            vulnerabilities);
        return new CsafReadResult(advisory, [], warnings);
    }

    private static CsafReadResult Refused(Violation violation) => new(null, [violation], []);

    /// <summary>The branch categories that carry what matching compares; others (architecture, language…) are walked through.</summary>
    private static void Walk(JsonObject branch, string path, BranchContext context, List<CsafProduct> products)
    {
        var category = Text(branch["category"]);
        var name = Text(branch["name"]) ?? string.Empty;
        context = category switch
        {
            "vendor" => context with { Vendor = name },
            "product_name" => context with { ProductName = name },
            "product_family" => context with { ProductName = context.ProductName ?? name },
            "product_version" => context with { Versions = VersionRange.Exactly(name) },
            "product_version_range" => context with { Versions = VersionRange.Parse(name) },
            _ => context,
        };

        if (branch["product"] is JsonObject product)
        {
            products.Add(Product(product, context));
        }

        var children = branch["branches"] as JsonArray ?? [];
        for (var i = 0; i < children.Count; i++)
        {
            Walk(children[i]!.AsObject(), $"{path}.branches[{i}]", context, products);
        }
    }

    private static CsafProduct Product(JsonObject product, BranchContext context)
    {
        var helper = product["product_identification_helper"] as JsonObject;
        var cpe = Text(helper?["cpe"]);
        var parsedCpe = CpeName.TryParse(cpe);
        var versions = context.Versions
            ?? (parsedCpe?.Version is { } cpeVersion ? VersionRange.Exactly(cpeVersion) : VersionRange.All);
        return new CsafProduct(
            Text(product["product_id"])!,
            Text(product["name"])!,
            context.Vendor ?? parsedCpe?.Vendor,
            context.ProductName ?? parsedCpe?.Product,
            versions,
            Strings(helper?["model_numbers"]),
            Strings(helper?["skus"]),
            cpe);
    }

    private static Dictionary<string, IReadOnlyList<string>> Groups(JsonObject? tree, HashSet<string> ids, List<Violation> violations)
    {
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var nodes = tree?["product_groups"] as JsonArray ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            var group = nodes[i]!.AsObject();
            var members = Strings(group["product_ids"]);
            Require(members, $"product_tree.product_groups[{i}].product_ids", ids, violations);
            groups[Text(group["group_id"])!] = members;
        }

        return groups;
    }

    private static CsafVulnerability Vulnerability(
        JsonObject node, string path, HashSet<string> ids, Dictionary<string, IReadOnlyList<string>> groups, List<Violation> violations)
    {
        var id = Text(node["cve"])
            ?? ((node["ids"] as JsonArray)?.FirstOrDefault() is JsonObject first ? $"{Text(first["system_name"])}:{Text(first["text"])}" : null)
            ?? path;

        var status = node["product_status"] as JsonObject;
        HashSet<string> Collect(IEnumerable<string> statuses)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in statuses)
            {
                var listed = Strings(status?[key]);
                Require(listed, $"{path}.product_status.{key}", ids, violations);
                set.UnionWith(listed);
            }

            return set;
        }

        var affected = Collect(AffectedStatuses);
        var notAffected = Collect(NotAffectedStatuses);
        var investigated = Collect(["under_investigation"]);
        _ = Collect(AllStatuses.Except(AffectedStatuses).Except(NotAffectedStatuses).Except(["under_investigation"]));

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var scoreNodes = node["scores"] as JsonArray ?? [];
        for (var i = 0; i < scoreNodes.Count; i++)
        {
            var score = scoreNodes[i]!.AsObject();
            var products = Strings(score["products"]);
            Require(products, $"{path}.scores[{i}].products", ids, violations);
            if (BaseScore(score) is not { } value)
            {
                continue;
            }

            foreach (var product in products)
            {
                scores[product] = scores.TryGetValue(product, out var known) ? Math.Max(known, value) : value;
            }
        }

        var remediations = new Dictionary<string, List<CsafRemediation>>(StringComparer.Ordinal);
        var remediationNodes = node["remediations"] as JsonArray ?? [];
        for (var i = 0; i < remediationNodes.Count; i++)
        {
            var remediation = remediationNodes[i]!.AsObject();
            var products = Strings(remediation["product_ids"]).ToList();
            Require(products, $"{path}.remediations[{i}].product_ids", ids, violations);
            foreach (var group in Strings(remediation["group_ids"]))
            {
                if (groups.TryGetValue(group, out var members))
                {
                    products.AddRange(members);
                }
                else
                {
                    violations.Add(new Violation($"{path}.remediations[{i}].group_ids", $"names group {Echo.Of(group)}, which the product tree does not define"));
                }
            }

            var read = new CsafRemediation(Text(remediation["category"])!, Text(remediation["details"])!, Text(remediation["url"]));
            foreach (var product in products.Distinct(StringComparer.Ordinal))
            {
                (remediations.TryGetValue(product, out var list) ? list : remediations[product] = []).Add(read);
            }
        }

        return new CsafVulnerability(
            id,
            Text(node["title"]),
            affected,
            notAffected,
            investigated,
            scores,
            remediations.ToDictionary(r => r.Key, r => (IReadOnlyList<CsafRemediation>)r.Value, StringComparer.Ordinal));
    }

    /// <summary>The score's CVSS base score: v4 (CSAF 2.1 and some 2.0 producers add it) over v3 over v2.</summary>
    private static double? BaseScore(JsonObject score)
    {
        foreach (var key in new[] { "cvss_v4", "cvss_v3", "cvss_v2" })
        {
            if (score[key] is JsonObject cvss && cvss["baseScore"] is JsonValue value && value.TryGetValue<double>(out var number)
                && number is >= 0 and <= 10)
            {
                return number;
            }
        }

        return null;
    }

    private static void Require(IEnumerable<string> products, string path, HashSet<string> ids, List<Violation> violations)
    {
        foreach (var product in products.Where(p => !ids.Contains(p)))
        {
            violations.Add(new Violation(path, $"names product {Echo.Of(product)}, which the product tree does not define"));
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Text).OfType<string>().ToList() : [];

    private static DateTimeOffset Date(JsonNode? node, string path, List<Violation> violations)
    {
        if (DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToUniversalTime();
        }

        violations.Add(new Violation(path, $"is {Echo.Of(Text(node))}, not a date and time (RFC 3339)"));
        return default;
    }

    private sealed record BranchContext(string? Vendor, string? ProductName, VersionRange? Versions);
}
