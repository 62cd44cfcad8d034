using System.Reflection;
using System.Text.Json.Nodes;
using Json.Schema;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// The official CSAF 2.0 JSON schema and the FIRST CVSS schemas it references, embedded (see <c>Schemas/README.md</c>)
/// so that validation never fetches anything: every reference resolves to a schema registered here.
/// </summary>
internal static class CsafSchema
{
    private const string Draft4 = "http://json-schema.org/draft-04/schema#";
    private const string Draft7 = "http://json-schema.org/draft-07/schema#";

    /// <summary>The most violations one validation reports (the refusal's budget cuts further).</summary>
    public const int MaxViolations = 50;

    private static readonly Lazy<(JsonSchema Csaf, IReadOnlyList<(Uri Uri, JsonSchema Schema)> Referenced)> Loaded = new(Load);

    // JsonSchema.Net caches resolution state on the schema objects: evaluations are serialised.
    private static readonly Lock Evaluating = new();

    /// <summary>Every place where <paramref name="document"/> breaks the schema, as field violations (empty: valid).</summary>
    public static IReadOnlyList<Violation> Validate(JsonNode document)
    {
        var (csaf, referenced) = Loaded.Value;
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        foreach (var (uri, schema) in referenced)
        {
            options.SchemaRegistry.Register(uri, schema);
        }

        EvaluationResults results;
        lock (Evaluating)
        {
            results = csaf.Evaluate(document, options);
        }

        if (results.IsValid)
        {
            return [];
        }

        // The list format repeats a failure at every enclosing keyword (oneOf, $ref, allOf): keep the innermost, one
        // per instance location and message.
        return (results.Details ?? [])
            .Where(d => d.HasErrors && d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => (Location: d.InstanceLocation.ToString(), Message: e.Value)))
            .Distinct()
            .Take(MaxViolations)
            .Select(e => new Violation(CsafPaths.FromPointer(e.Location), e.Message))
            .ToList();
    }

    private static (JsonSchema, IReadOnlyList<(Uri, JsonSchema)>) Load()
    {
        var referenced = new List<(Uri, JsonSchema)>();
        foreach (var name in new[] { "cvss-v2.0", "cvss-v3.0", "cvss-v3.1" })
        {
            // Their own ids carry a date query the CSAF schema's references do not; draft-04's "id" is draft-07's "$id".
            var uri = new Uri($"https://www.first.org/cvss/{name}.json");
            var text = Read($"{name}.json")
                .Replace(Draft4, Draft7, StringComparison.Ordinal)
                .Replace("\"id\": \"https://www.first.org", "\"$id\": \"https://www.first.org", StringComparison.Ordinal);
            var node = JsonNode.Parse(text)!.AsObject();
            node["$id"] = uri.ToString();
            referenced.Add((uri, JsonSchema.FromText(node.ToJsonString())));
        }

        return (JsonSchema.FromText(Read("csaf_json_schema.json")), referenced);
    }

    private static string Read(string file)
    {
        var name = $"ZtFleet.Policy.Vulnerabilities.Schemas.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded schema {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
