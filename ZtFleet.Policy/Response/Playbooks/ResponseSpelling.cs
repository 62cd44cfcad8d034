using System.Text;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// The kebab-case spelling of response enums (<c>restrict-writes</c>, <c>awaiting-approval</c>,
/// <c>request-approval</c>) as the audit, the export and the documents write them.
/// </summary>
public static class ResponseSpelling
{
    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
