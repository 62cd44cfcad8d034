using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads a mapping file (YAML, docs/imports.md) into an <see cref="AssetCsvMapping"/>. Keys: <c>delimiter</c>,
/// <c>columns</c> (asset field → header), <c>criticality</c> (word → 1-5), <c>types</c> (export's type → asset
/// type), <c>defaultType</c>, <c>sites</c> (export's site → plant id), <c>zones</c> (export's zone → zone id).
/// Violations name <c>mapping.KEY[ENTRY]</c> and the file line.
/// </summary>
public static class AssetCsvMappingReader
{
    /// <summary>The largest mapping file read, in characters.</summary>
    public const int MaxCharacters = 64 * 1024;

    private static readonly string[] Keys = ["delimiter", "columns", "criticality", "types", "defaultType", "sites", "zones"];

    /// <summary>The mapping <paramref name="yaml"/> describes, or the violations that keep it from being one.</summary>
    public static (AssetCsvMapping? Mapping, IReadOnlyList<Violation> Violations) Read(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var violations = new List<Violation>();
        if (yaml.Length > MaxCharacters)
        {
            return (null, [new Violation("mapping", $"the mapping file exceeds {MaxCharacters / 1024} KiB")]);
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return (AssetCsvMapping.Default, []);
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return (null, [new Violation("mapping", "the mapping file must be a YAML mapping (delimiter:, columns:, criticality:, types:, defaultType:, sites:, zones:)")]);
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            return (null, [new Violation($"mapping (line {ex.Start.Line.ToString(CultureInfo.InvariantCulture)})", $"not YAML: {Echo.Of(ex.Message)}")]);
        }

        var delimiter = ',';
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var criticality = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var types = new Dictionary<string, AssetType>(StringComparer.OrdinalIgnoreCase);
        var sites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var zones = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        AssetType? defaultType = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var at = Where($"mapping.{Echo.Key(key)}", keyNode);
            switch (key)
            {
                case "delimiter":
                    var text = Scalar(value);
                    if (text is "\\t" or "tab")
                    {
                        delimiter = '\t';
                    }
                    else if (text is [var single])
                    {
                        delimiter = single;
                    }
                    else
                    {
                        violations.Add(new Violation(at, $"must be a single character (or \\t), not {Echo.Of(text)}"));
                    }

                    break;
                case "columns":
                    Entries(value, at, violations, (field, header, where) =>
                    {
                        if (!AssetCsvReader.FieldNames.Contains(field, StringComparer.OrdinalIgnoreCase))
                        {
                            violations.Add(new Violation(where, $"{Echo.Of(field)} is not an asset field (fields: {string.Join(", ", AssetCsvReader.FieldNames)})"));
                        }
                        else if (string.IsNullOrWhiteSpace(header))
                        {
                            violations.Add(new Violation(where, "names no column header"));
                        }
                        else
                        {
                            columns[field] = header.Trim();
                        }
                    });
                    break;
                case "criticality":
                    Entries(value, at, violations, (word, number, where) =>
                    {
                        if (int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 5)
                        {
                            criticality[word] = parsed;
                        }
                        else
                        {
                            violations.Add(new Violation(where, $"criticality must be 1 (low) to 5 (highest), not {Echo.Of(number)}"));
                        }
                    });
                    break;
                case "types":
                    Entries(value, at, violations, (written, type, where) =>
                    {
                        if (ParseType(type) is { } parsed)
                        {
                            types[written] = parsed;
                        }
                        else
                        {
                            violations.Add(new Violation(where, $"{Echo.Of(type)} is not an asset type ({InventoryVocabulary.Allowed<AssetType>()})"));
                        }
                    });
                    break;
                case "defaultType":
                    defaultType = ParseType(Scalar(value));
                    if (defaultType is null)
                    {
                        violations.Add(new Violation(at, $"{Echo.Of(Scalar(value))} is not an asset type ({InventoryVocabulary.Allowed<AssetType>()})"));
                    }

                    break;
                case "sites":
                    Entries(value, at, violations, (written, plant, where) => Id(written, plant, where, "plant", sites, violations));
                    break;
                case "zones":
                    Entries(value, at, violations, (written, zone, where) => Id(written, zone, where, "zone", zones, violations));
                    break;
                default:
                    violations.Add(new Violation(at, $"unknown key {Echo.Of(key)} (keys: {string.Join(", ", Keys)})"));
                    break;
            }
        }

        if (violations.Count > 0)
        {
            return (null, violations);
        }

        return (new AssetCsvMapping(columns, delimiter)
        {
            CriticalityWords = criticality,
            Types = types,
            DefaultType = defaultType,
            Sites = sites,
            Zones = zones,
        }, []);
    }

    private static void Id(string written, string id, string where, string what, Dictionary<string, string> into, List<Violation> violations)
    {
        var lower = id.Trim().ToLowerInvariant();
        if (Identifiers.EntityId.IsValid(lower))
        {
            into[written.Trim()] = lower;
        }
        else
        {
            violations.Add(new Violation(where, $"{what} {Identifiers.EntityId.Describe(id)}"));
        }
    }

    private static AssetType? ParseType(string? text) =>
        text is not null && (InventoryVocabulary.TryParse<AssetType>(text.Trim(), out var type) || AssetTypeSpellings.TryParse(text, out type)) && type != AssetType.Unspecified
            ? type
            : null;

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private static void Entries(YamlNode node, string at, List<Violation> violations, Action<string, string, string> entry)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            violations.Add(new Violation(at, "must be a mapping of entries (key: value)"));
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = Scalar(key) ?? string.Empty;
            var where = Where($"{at.Split(' ')[0]}[{Echo.Key(name)}]", key);
            if (Scalar(value) is not { } text)
            {
                violations.Add(new Violation(where, "must be a single value"));
                continue;
            }

            entry(name, text, where);
        }
    }

    private static string Where(string field, YamlNode node) =>
        $"{field} (line {node.Start.Line.ToString(CultureInfo.InvariantCulture)})";
}
