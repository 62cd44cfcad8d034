namespace ZtFleet.Policy.Inventory;

/// <summary>
/// What <see cref="FleetDocumentReader"/> learns while walking a document: the violations it found itself, the line
/// of every entity and field path, and which paths already have a violation (so the model rules that run afterwards
/// do not report the same problem again).
/// </summary>
/// <remarks>
/// Paths are keyed with the occurrence of their entity (see <see cref="ValidationIssue"/>): with duplicated ids two
/// entities share a path, and the second must still be given its own line.
/// </remarks>
internal sealed class DocumentReadContext
{
    /// <summary>The occurrence used for entities that are not in the model (their id is missing or invalid).</summary>
    public const int Detached = -1;

    private readonly Dictionary<(string Path, int Occurrence), int> _lines = [];
    private readonly HashSet<(string Path, int Occurrence)> _reported = [];
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly List<(int Line, int Order, Violation Violation)> _violations = [];

    public bool HasViolations => _violations.Count > 0;

    /// <summary>Registers an entity of the model and returns its occurrence, counted as the validator counts it.</summary>
    public int Enter(string path, int line)
    {
        _occurrences.TryGetValue(path, out var occurrence);
        _occurrences[path] = occurrence + 1;
        Locate(path, occurrence, line);
        return occurrence;
    }

    public void Locate(string path, int occurrence, int line) => _lines.TryAdd((path, occurrence), line);

    public void Report(string path, int occurrence, int line, string description)
    {
        _reported.Add((path, occurrence));
        _violations.Add((line, _violations.Count, new Violation($"{path} (line {line})", description)));
    }

    /// <summary>Marks a path as dealt with: a violation elsewhere already explains the problem there.</summary>
    public void Suppress(string path, int occurrence) => _reported.Add((path, occurrence));

    /// <summary>Adds a model rule's finding, with its line, unless the reader already reported that path.</summary>
    public void Add(ValidationIssue issue)
    {
        if (_reported.Contains((issue.Path, issue.Occurrence)))
        {
            return;
        }

        var line = LineOf(issue.Path, issue.Occurrence);
        var field = line is null ? issue.Path : $"{issue.Path} (line {line})";
        _violations.Add((line ?? int.MaxValue, _violations.Count, new Violation(field, issue.Description)));
    }

    /// <summary>All violations by source line, then in the order found.</summary>
    public IReadOnlyList<Violation> Violations() =>
        _violations.OrderBy(v => v.Line).ThenBy(v => v.Order).Select(v => v.Violation).ToList();

    private int? LineOf(string path, int occurrence)
    {
        // A field that is absent (a missing name) has no line of its own: fall back to its entity, then to the parent.
        for (var current = path; current.Length > 0; current = Parent(current))
        {
            if (_lines.TryGetValue((current, occurrence), out var line) || _lines.TryGetValue((current, 0), out line))
            {
                return line;
            }
        }

        return null;
    }

    private static string Parent(string path)
    {
        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            return open > 0 ? path[..open] : string.Empty;
        }

        var dot = path.LastIndexOf('.');
        return dot > 0 ? path[..dot] : string.Empty;
    }
}
