using System.Globalization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>The fields of one mapping, with their lines; reports unknown and repeated keys on construction.</summary>
internal sealed class DocumentFields
{
    private readonly Dictionary<string, KeyValuePair<DocumentScalar, DocumentNode>> _entries = new(StringComparer.Ordinal);
    private readonly DocumentReadContext _context;
    private readonly DocumentMapping _mapping;

    public DocumentFields(DocumentMapping mapping, string path, int occurrence, string[] allowed, DocumentReadContext context)
    {
        _mapping = mapping;
        _context = context;
        Path = path;
        Occurrence = occurrence;
        var suggested = new List<string>();
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var keyPath = Child(key);
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = Suggest(key, allowed);
                context.Report(
                    keyPath,
                    occurrence,
                    entry.Key.Line,
                    suggestion is null
                        ? $"unknown key {Echo.Of(key)} (allowed: {string.Join(", ", allowed)})"
                        : $"unknown key {Echo.Of(key)}; did you mean '{suggestion}'?");
                if (suggestion is not null)
                {
                    suggested.Add(suggestion);
                }
            }
            else if (!_entries.TryAdd(key, entry))
            {
                context.Report(keyPath, occurrence, entry.Key.Line, $"key {Echo.Of(key)} appears more than once");
            }
            else
            {
                context.Locate(keyPath, occurrence, entry.Key.Line);
            }
        }

        // A misspelt key already explains why the field it was meant to be is missing.
        foreach (var key in suggested.Where(k => !_entries.ContainsKey(k)))
        {
            context.Suppress(Child(key), occurrence);
        }
    }

    public string Path { get; }

    public int Occurrence { get; }

    public bool Detached => Occurrence == DocumentReadContext.Detached;

    public bool Has(string key) => _entries.TryGetValue(key, out var entry) && entry.Value is not DocumentScalar { IsNull: true };

    public int LineOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key.Line : _mapping.Line;

    public string? Text(string key)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.Value is DocumentScalar { IsNull: true })
        {
            return null;
        }

        if (entry.Value is DocumentScalar scalar)
        {
            return scalar.Value;
        }

        Report(key, entry, $"{key} must be a single value, not a list or mapping");
        return null;
    }

    /// <summary>Optional free text: blank is the same as absent, so the model holds null.</summary>
    public string? OptionalText(string key) => Text(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public DocumentMapping? Mapping(string key)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.Value is DocumentScalar { IsNull: true })
        {
            return null;
        }

        if (entry.Value is DocumentMapping mapping)
        {
            return mapping;
        }

        Report(key, entry, $"{key} must be a mapping (key: value)");
        return null;
    }

    public int? Int(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(key, _entries[key], $"{key} must be a whole number, not {Echo.Of(text)}");
        return 0;
    }

    public int Port(Protocol protocol)
    {
        if (Has("port"))
        {
            return Int("port") ?? 0;
        }

        // Without a known protocol there is no default port; the protocol's violation says what to fix.
        if (protocol == Protocol.Unspecified)
        {
            _context.Suppress(Child("port"), Occurrence);
        }

        return ProtocolOperations.DefaultPort(protocol);
    }

    public bool? Bool(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Report(key, _entries[key], $"{key} must be true or false, not {Echo.Of(text)}");
        return null;
    }

    public TimeOnly Time(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            if (!_entries.ContainsKey(key) || _entries[key].Value is DocumentScalar)
            {
                _context.Report(Child(key), Occurrence, LineOf(key), $"{key} is required: a time of day \"HH:mm\"");
            }

            return default;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Report(key, _entries[key], $"{key} must be a time of day \"HH:mm\" (00:00 to 23:59), not {Echo.Of(text)}");
        return default;
    }

    public TEnum Enum<TEnum>(string key, string? allowed = null)
        where TEnum : struct, Enum
    {
        var text = Text(key);
        if (text is null)
        {
            return default;
        }

        if (InventoryVocabulary.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        Report(key, _entries[key], $"{Echo.Of(text)} is not a valid {key}: {allowed ?? $"one of {InventoryVocabulary.Allowed<TEnum>()}"}");
        return default;
    }

    public TId Id<TId>(string key)
        where TId : struct, IEntityId<TId>
    {
        var text = Text(key);
        if (text is null)
        {
            return default;
        }

        if (TId.TryParse(text, out var id))
        {
            return id;
        }

        Report(key, _entries[key], $"{key} {EntityId.Describe(text)}");
        return default;
    }

    public List<string> TextList(string key) =>
        ScalarList(key, (text, _) => text);

    public List<TEnum> EnumList<TEnum>(string key)
        where TEnum : struct, Enum =>
        ScalarList(
            key,
            (text, report) =>
            {
                if (InventoryVocabulary.TryParse<TEnum>(text, out var value))
                {
                    return (TEnum?)value;
                }

                report($"{Echo.Of(text)} is not valid in {key}: one of {InventoryVocabulary.Allowed<TEnum>()}");
                return null;
            }).Select(v => v!.Value).ToList();

    public List<TId> IdList<TId>(string key)
        where TId : struct, IEntityId<TId> =>
        ScalarList(
            key,
            (text, report) =>
            {
                if (TId.TryParse(text, out var id))
                {
                    return (TId?)id;
                }

                report(EntityId.Describe(text));
                return null;
            }).Select(v => v!.Value).ToList();

    public List<T> List<T>(string key, Func<DocumentNode, int, T?> read)
        where T : class
    {
        var result = new List<T>();
        if (!_entries.TryGetValue(key, out var entry) || entry.Value is DocumentScalar { IsNull: true })
        {
            return result;
        }

        if (entry.Value is not DocumentSequence sequence)
        {
            Report(key, entry, $"{key} must be a list");
            return result;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (read(sequence.Items[i], i) is { } item)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private List<T> ScalarList<T>(string key, Func<string, Action<string>, T?> convert)
    {
        var result = new List<T>();
        if (!_entries.TryGetValue(key, out var entry) || entry.Value is DocumentScalar { IsNull: true })
        {
            return result;
        }

        if (entry.Value is not DocumentSequence sequence)
        {
            Report(key, entry, $"{key} must be a list ([a, b])");
            return result;
        }

        foreach (var item in sequence.Items)
        {
            if (item is not DocumentScalar scalar || scalar.IsNull)
            {
                _context.Report(Child(key), Occurrence, item.Line, $"{key} must hold single values");
                continue;
            }

            var itemPath = $"{Child(key)}[{Echo.Key(scalar.Value)}]";
            _context.Locate(itemPath, Occurrence, item.Line);
            var value = convert(scalar.Value, description => _context.Report(itemPath, Occurrence, item.Line, description));
            if (value is not null)
            {
                result.Add(value);
            }
        }

        return result;
    }

    private void Report(string key, KeyValuePair<DocumentScalar, DocumentNode> entry, string description) =>
        _context.Report(Child(key), Occurrence, entry.Key.Line, description);

    private string Child(string key) => Path.Length == 0 ? Echo.Key(key) : $"{Path}.{Echo.Key(key)}";

    private static string? Suggest(string key, string[] allowed)
    {
        if (key.Length > Echo.MaxCharacters)
        {
            // Nothing that long is a typo of a key; and the distance would cost its length times every allowed key's.
            return null;
        }

        var best = allowed
            .Select(a => (Key: a, Distance: string.Equals(a, key, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(a.ToLowerInvariant(), key.ToLowerInvariant())))
            .OrderBy(a => a.Distance)
            .First();
        return best.Distance <= Math.Max(1, Math.Min(3, key.Length / 3)) ? best.Key : null;
    }

    private static int Distance(string a, string b)
    {
        // Levenshtein over two rows; keys are short.
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
