using System.Text.RegularExpressions;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// Which versions of a product an advisory speaks of: a <c>product_version</c> (one version), a
/// <c>product_version_range</c> in the vers notation (<c>vers:intdot/&gt;=2.0|&lt;3.1.0</c>) or in the vendor's words
/// ("All versions &lt; V3.1", "Versions prior to SV4.10", "V2.0 and later"), or all versions.
/// </summary>
/// <remarks>
/// Constraints are evaluated as the vers specification does: <c>=</c> matches its version, <c>!=</c> excludes it, and the
/// others, sorted by version, form intervals: a lower bound (<c>&gt;</c>, <c>&gt;=</c>) opens one that the next upper bound
/// (<c>&lt;</c>, <c>&lt;=</c>) closes; an upper bound with no lower bound before it starts from the lowest version, and a
/// lower bound with no upper bound after it runs to the highest. Versions compare as <see cref="FirmwareVersion"/>.
/// </remarks>
public sealed partial record VersionRange(VersionRangeKind Kind, IReadOnlyList<VersionConstraint> Constraints, string Text)
{
    /// <summary>Every version.</summary>
    public static VersionRange All { get; } = new(VersionRangeKind.All, [], "all versions");

    /// <summary>One version (<c>product_version</c>); a version without a digit is compared as text.</summary>
    public static VersionRange Exactly(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return FirmwareVersion.TryParse(version, out var parsed)
            ? new VersionRange(VersionRangeKind.Constraints, [new VersionConstraint("=", parsed)], version)
            : new VersionRange(VersionRangeKind.Unreadable, [], version);
    }

    /// <summary>A <c>product_version_range</c>: vers when it starts with <c>vers:</c>, else the vendor's words.</summary>
    public static VersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.StartsWith("vers:", StringComparison.OrdinalIgnoreCase) ? ParseVers(trimmed) : ParseWords(trimmed);
    }

    /// <summary>
    /// Whether <paramref name="firmware"/> is in the range: true or false; null when it cannot be told (the asset's
    /// firmware is unknown or holds no version while the range needs one, or the range is unreadable).
    /// </summary>
    public bool? Contains(string? firmware)
    {
        if (Kind == VersionRangeKind.All)
        {
            return true;
        }

        if (Kind != VersionRangeKind.Constraints)
        {
            return null;
        }

        if (!FirmwareVersion.TryParse(firmware, out var version))
        {
            return null;
        }

        return Holds(version);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private bool Holds(FirmwareVersion version)
    {
        if (Constraints.Any(c => c.Comparator == "=" && c.Holds(version)))
        {
            return true;
        }

        if (Constraints.Any(c => c.Comparator == "!=" && !c.Holds(version)))
        {
            return false;
        }

        var bounds = Constraints.Where(c => c.IsLower || c.IsUpper).OrderBy(c => c.Version).ToList();
        if (bounds.Count == 0)
        {
            // Only '=' (none held) → outside; only '!=' (none excluded it) → inside.
            return Constraints.All(c => c.Comparator == "!=");
        }

        for (var i = 0; i < bounds.Count; i++)
        {
            var bound = bounds[i];
            if (bound.IsLower && i + 1 < bounds.Count && bounds[i + 1].IsUpper)
            {
                // A lower bound and the upper bound that closes it.
                if (bound.Holds(version) && bounds[i + 1].Holds(version))
                {
                    return true;
                }

                i++;
            }
            else if (bound.Holds(version))
            {
                // An upper bound with no lower one before it (from the lowest version), or a lower bound with no upper
                // one after it (to the highest).
                return true;
            }
        }

        return false;
    }

    private static VersionRange ParseVers(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var constraints = slash < 0 ? string.Empty : text[(slash + 1)..].Trim();
        if (constraints == "*")
        {
            return new VersionRange(VersionRangeKind.All, [], text);
        }

        var read = new List<VersionConstraint>();
        foreach (var part in constraints.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var comparator = part.StartsWith(">=", StringComparison.Ordinal) || part.StartsWith("<=", StringComparison.Ordinal) || part.StartsWith("!=", StringComparison.Ordinal)
                ? part[..2]
                : part.StartsWith('<') || part.StartsWith('>') || part.StartsWith('=') ? part[..1] : "=";
            var version = Uri.UnescapeDataString(part[(comparator == "=" && !part.StartsWith('=') ? 0 : comparator.Length)..].Trim());
            if (!FirmwareVersion.TryParse(version, out var parsed))
            {
                return new VersionRange(VersionRangeKind.Unreadable, [], text);
            }

            read.Add(new VersionConstraint(comparator, parsed));
        }

        return read.Count == 0 ? new VersionRange(VersionRangeKind.Unreadable, [], text) : new VersionRange(VersionRangeKind.Constraints, read, text);
    }

    private static VersionRange ParseWords(string text)
    {
        var lower = text.ToLowerInvariant();
        var read = new List<VersionConstraint>();
        string? pending = null;
        var tokens = Words().Matches(lower).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Groups["op"].Success)
            {
                pending = Comparator(token.Groups["op"].Value);
                continue;
            }

            if (token.Groups["post"].Success)
            {
                continue;
            }

            if (!FirmwareVersion.TryParse(token.Groups["ver"].Value, out var version))
            {
                return new VersionRange(VersionRangeKind.Unreadable, [], text);
            }

            var comparator = pending;
            if (comparator is null && i + 1 < tokens.Count && tokens[i + 1].Groups["post"].Success)
            {
                comparator = tokens[i + 1].Groups["post"].Value.EndsWith("later", StringComparison.Ordinal)
                    || tokens[i + 1].Groups["post"].Value.EndsWith("newer", StringComparison.Ordinal)
                    || tokens[i + 1].Groups["post"].Value.EndsWith("above", StringComparison.Ordinal)
                    ? ">="
                    : "<=";
            }

            read.Add(new VersionConstraint(comparator ?? "=", version));
            pending = null;
        }

        if (read.Count > 0)
        {
            return new VersionRange(VersionRangeKind.Constraints, read, text);
        }

        return AllVersions().IsMatch(lower) ? new VersionRange(VersionRangeKind.All, [], text) : new VersionRange(VersionRangeKind.Unreadable, [], text);
    }

    private static string Comparator(string op) => op switch
    {
        "before" or "prior to" or "earlier than" or "lower than" or "below" => "<",
        "up to" or "through" => "<=",
        "from" or "since" => ">=",
        _ => op.Replace(" ", string.Empty, StringComparison.Ordinal),
    };

    [GeneratedRegex(@"(?<op><=|>=|!=|<|>|=|\bbefore\b|\bprior to\b|\bearlier than\b|\blower than\b|\bbelow\b|\bup to\b|\bthrough\b|\bfrom\b|\bsince\b)|(?<post>\band later\b|\bor later\b|\band newer\b|\bor newer\b|\band above\b|\band earlier\b|\bor earlier\b|\band below\b)|(?<ver>[a-z]*\d[\w.\-]*(?:\s+(?:sp|update|upd)\s*\d+)*)")]
    private static partial Regex Words();

    [GeneratedRegex(@"\ball\s+versions\b|^all$|^\*$")]
    private static partial Regex AllVersions();
}
