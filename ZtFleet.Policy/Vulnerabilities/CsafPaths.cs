using System.Text;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>How a place in a CSAF document is named in a violation: <c>vulnerabilities[0].scores[1].cvss_v3.baseScore</c>.</summary>
internal static class CsafPaths
{
    /// <summary>A JSON pointer (<c>/vulnerabilities/0/cve</c>) as a path; the root is <c>document</c>'s parent, named <c>(document)</c>.</summary>
    public static string FromPointer(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/" || pointer == "#")
        {
            return "(document)";
        }

        var path = new StringBuilder();
        foreach (var raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(segment);
            }
        }

        return path.ToString();
    }
}
