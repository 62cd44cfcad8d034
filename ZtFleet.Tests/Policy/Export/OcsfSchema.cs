using System.Text.Json.Nodes;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>
/// The OCSF 1.3.0 schema files copied from github.com/ocsf/ocsf-schema (tag 1.3.0, commit c8bde8c4), resolved as the
/// OCSF server does: a class's attributes are its own over those of the classes it extends (down to
/// <c>base_event</c>), with <c>$include</c>d files merged and profile attributes only for the profiles an event names
/// in <c>metadata.profiles</c>; an attribute's type and enum come from the dictionary, refined by the class or object.
/// <see cref="Validate"/> lists what an event does wrong: a missing required attribute, an attribute the class or
/// object does not have, an enum value the schema does not list, a caption that does not match its id, a wrong JSON
/// type, an unmet <c>at_least_one</c> constraint, a <c>type_uid</c> that is not class × 100 + activity.
/// </summary>
internal sealed class OcsfSchema
{
    private readonly string _root;
    private readonly JsonObject _dictionary;
    private readonly JsonObject _types;
    private readonly Dictionary<string, string> _events = [];
    private readonly Dictionary<string, string> _objects = [];
    private readonly Dictionary<int, string> _classes = [];
    private readonly Dictionary<string, int> _categories = [];

    private OcsfSchema(string root)
    {
        _root = root;
        var dictionary = Load("dictionary.json");
        _dictionary = dictionary["attributes"]!.AsObject();
        _types = dictionary["types"]!["attributes"]!.AsObject();
        foreach (var (name, category) in Load("categories.json")["attributes"]!.AsObject())
        {
            _categories[name] = category!["uid"]!.GetValue<int>();
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "events"), "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            var node = Load(relative);
            _events[node["name"]!.GetValue<string>()] = relative;
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "objects"), "*.json"))
        {
            var relative = Path.GetRelativePath(root, file);
            _objects[Load(relative)["name"]!.GetValue<string>()] = relative;
        }

        foreach (var name in _events.Keys)
        {
            var node = Load(_events[name]);
            if (node["uid"] is { } uid && Category(name) is { } category)
            {
                _classes[(category * 1000) + uid.GetValue<int>()] = name;
            }
        }
    }

    /// <summary>Parses JSON refusing duplicate property names (which JSON parsers resolve differently).</summary>
    public static JsonObject Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false })!.AsObject();

    public static OcsfSchema Instance { get; } = new(Path.Combine(AppContext.BaseDirectory, "Policy", "Export", "ocsf-1.3.0"));

    public string Version => Load("version.json")["version"]!.GetValue<string>();

    /// <summary>The class name of a class uid (<c>2004</c> → <c>detection_finding</c>), or null.</summary>
    public string? ClassName(int uid) => _classes.GetValueOrDefault(uid);

    /// <summary>The event's class's attributes (resolved) with their requirement.</summary>
    public IReadOnlyDictionary<string, JsonObject> ClassAttributes(string name, IReadOnlyCollection<string> profiles) =>
        Resolve(_events, name, profiles);

    /// <summary>What <paramref name="ocsfEvent"/> does wrong; empty when it is a valid event of its class.</summary>
    public IReadOnlyList<string> Validate(JsonObject ocsfEvent)
    {
        var problems = new List<string>();
        var classUid = ocsfEvent["class_uid"]?.GetValue<int>() ?? 0;
        var name = ClassName(classUid);
        if (name is null)
        {
            return [$"class_uid {classUid} is not a class of OCSF {Version}"];
        }

        var profiles = ocsfEvent["metadata"]?["profiles"]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];
        var attributes = ClassAttributes(name, profiles);
        var category = Category(name);
        if (ocsfEvent["category_uid"]?.GetValue<int>() != category)
        {
            problems.Add($"category_uid is not {category}");
        }

        var activity = ocsfEvent["activity_id"]?.GetValue<int>() ?? -1;
        if (ocsfEvent["type_uid"]?.ToJsonString() != (((long)classUid * 100) + activity).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            problems.Add($"type_uid is not {classUid} * 100 + {activity}");
        }

        var caption = Load(_events[name])["caption"]!.GetValue<string>();
        if (ocsfEvent["class_name"]?.GetValue<string>() is { } className && className != caption)
        {
            problems.Add($"class_name '{className}' is not '{caption}'");
        }

        CheckObject(ocsfEvent, attributes, name, constraints: null, problems);
        return problems;
    }

    private void CheckObject(JsonObject value, IReadOnlyDictionary<string, JsonObject> attributes, string path, JsonObject? constraints, List<string> problems)
    {
        foreach (var (attribute, definition) in attributes)
        {
            if (definition["requirement"]?.GetValue<string>() == "required" && value[attribute] is null)
            {
                problems.Add($"{path}: required attribute '{attribute}' is missing");
            }
        }

        if (constraints?["at_least_one"] is JsonArray atLeastOne && !atLeastOne.Any(a => value[a!.GetValue<string>()] is not null))
        {
            problems.Add($"{path}: needs at least one of {string.Join(", ", atLeastOne)}");
        }

        foreach (var (attribute, node) in value)
        {
            if (!attributes.TryGetValue(attribute, out var definition))
            {
                problems.Add($"{path}: '{attribute}' is not an attribute of it");
                continue;
            }

            if (node is null)
            {
                problems.Add($"{path}.{attribute}: null");
                continue;
            }

            var isArray = definition["is_array"]?.GetValue<bool>() ?? false;
            if (isArray)
            {
                if (node is not JsonArray array)
                {
                    problems.Add($"{path}.{attribute}: should be an array");
                    continue;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(array[i]!, attribute, definition, $"{path}.{attribute}[{i}]", value, problems);
                }
            }
            else
            {
                CheckValue(node, attribute, definition, $"{path}.{attribute}", value, problems);
            }
        }
    }

    private void CheckValue(JsonNode node, string attribute, JsonObject definition, string path, JsonObject parent, List<string> problems)
    {
        var type = definition["type"]?.GetValue<string>() ?? "string_t";
        if (_objects.ContainsKey(type) || type == "object")
        {
            if (node is not JsonObject inner)
            {
                problems.Add($"{path}: should be an object");
                return;
            }

            if (type != "object")
            {
                // unmapped (type "object") is free-form.
                CheckObject(inner, Resolve(_objects, type, []), path, Load(_objects[type])["constraints"]?.AsObject(), problems);
            }

            return;
        }

        if (!_types.ContainsKey(type))
        {
            problems.Add($"{path}: type {type} is not in the schema (copy the object's file)");
            return;
        }

        var basic = type;
        while (_types[basic]?["type"]?.GetValue<string>() is { } parentType)
        {
            basic = parentType;
        }

        var kind = node.GetValueKind();
        var typed = basic switch
        {
            "string_t" => kind == System.Text.Json.JsonValueKind.String,
            "integer_t" or "long_t" or "float_t" => kind == System.Text.Json.JsonValueKind.Number,
            "boolean_t" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            _ => true,
        };
        if (!typed)
        {
            problems.Add($"{path}: {kind} is not a {type}");
            return;
        }

        // The server fills the enums of class_uid, category_uid and type_uid from the class; Validate checks them.
        if (definition["enum"] is JsonObject values && attribute is not ("class_uid" or "category_uid" or "type_uid"))
        {
            var key = node.ToJsonString().Trim('"');
            if (!values.ContainsKey(key))
            {
                problems.Add($"{path}: {key} is not one of {string.Join(", ", values.Select(v => v.Key))}");
                return;
            }

            // The caption sibling (activity_name, status, severity, direction…) must say the same, except for Other.
            if (attribute.EndsWith("_id", StringComparison.Ordinal) && key != "99")
            {
                var sibling = definition["sibling"]?.GetValue<string>() ?? attribute[..^3];
                if (parent[sibling] is JsonValue text && text.GetValue<string>() != values[key]!["caption"]!.GetValue<string>())
                {
                    problems.Add($"{path}: {sibling} '{text}' is not the caption '{values[key]!["caption"]}' of {key}");
                }
            }
        }
    }

    private Dictionary<string, JsonObject> Resolve(Dictionary<string, string> index, string name, IReadOnlyCollection<string> profiles)
    {
        if (!index.TryGetValue(name, out var file))
        {
            throw new InvalidOperationException($"The schema copy has no file for '{name}'.");
        }

        var node = Load(file);
        var merged = node["extends"]?.GetValue<string>() is { } parent && index.ContainsKey(parent)
            ? Resolve(index, parent, profiles)
            : [];
        foreach (var (attribute, definition) in Own(node, profiles))
        {
            merged[attribute] = MergeDefinition(merged.GetValueOrDefault(attribute), definition);
        }

        // The dictionary gives the type and the common enum values; the class's definition refines them.
        foreach (var attribute in merged.Keys.ToList())
        {
            var definition = merged[attribute];
            if (_dictionary[attribute] is JsonObject common)
            {
                merged[attribute] = MergeDefinition(common, definition);
            }
        }

        return merged;
    }

    private IEnumerable<(string, JsonObject)> Own(JsonObject node, IReadOnlyCollection<string> profiles)
    {
        if (node["attributes"] is not JsonObject attributes)
        {
            yield break;
        }

        if (attributes["$include"] is JsonArray includes)
        {
            foreach (var include in includes.Select(i => i!.GetValue<string>()))
            {
                if (include.StartsWith("profiles/", StringComparison.Ordinal) && !profiles.Contains(Path.GetFileNameWithoutExtension(include)))
                {
                    continue;
                }

                foreach (var item in Own(Load(include), profiles))
                {
                    yield return item;
                }
            }
        }

        foreach (var (attribute, definition) in attributes)
        {
            if (attribute != "$include")
            {
                yield return (attribute, definition!.AsObject());
            }
        }
    }

    /// <summary>A definition over another: its keys win, and enum values add to the other's.</summary>
    private static JsonObject MergeDefinition(JsonObject? under, JsonObject over)
    {
        var result = Merge(under, over);
        if (under?["enum"] is JsonObject underEnum && over["enum"] is JsonObject overEnum)
        {
            result["enum"] = Merge(underEnum, overEnum);
        }

        return result;
    }

    private static JsonObject Merge(JsonObject? under, JsonObject over)
    {
        var result = under?.DeepClone().AsObject() ?? [];
        foreach (var (key, value) in over)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private int? Category(string eventName)
    {
        for (var name = eventName; name is not null;)
        {
            var node = Load(_events[name]);
            if (node["category"]?.GetValue<string>() is { } category && _categories.TryGetValue(category, out var uid))
            {
                return uid;
            }

            name = node["extends"]?.GetValue<string>() is { } parent && _events.ContainsKey(parent) ? parent : null;
        }

        return null;
    }

    private JsonObject Load(string relative) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(_root, relative)))!.AsObject();
}
