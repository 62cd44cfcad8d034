namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// The vendor, product and version of a CPE name, 2.3 formatted string (<c>cpe:2.3:h:siemens:simatic_s7-1500:-:…</c>)
/// or 2.2 URI (<c>cpe:/a:vendor:product:1.0</c>); underscores read as spaces, escapes undone, <c>*</c> and <c>-</c> as absent.
/// </summary>
internal sealed record CpeName(string? Vendor, string? Product, string? Version)
{
    public static CpeName? TryParse(string? cpe)
    {
        if (string.IsNullOrWhiteSpace(cpe))
        {
            return null;
        }

        string[] parts;
        if (cpe.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase))
        {
            parts = SplitEscaped(cpe["cpe:2.3:".Length..]);
        }
        else if (cpe.StartsWith("cpe:/", StringComparison.OrdinalIgnoreCase))
        {
            parts = cpe["cpe:/".Length..].Split(':').Select(Uri.UnescapeDataString).ToArray();
        }
        else
        {
            return null;
        }

        return new CpeName(Part(parts, 1), Part(parts, 2), Part(parts, 3));
    }

    private static string? Part(string[] parts, int index) =>
        index < parts.Length && parts[index] is { Length: > 0 } part && part != "*" && part != "-"
            ? part.Replace('_', ' ')
            : null;

    /// <summary>Splits at ':' not escaped by a backslash, and undoes the escapes.</summary>
    private static string[] SplitEscaped(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (text[i] == ':')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return [.. parts];
    }
}
