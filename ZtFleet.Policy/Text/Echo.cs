using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Text;

/// <summary>
/// How an error quotes a caller's value: at most <see cref="MaxCharacters"/> characters, control characters shown
/// as escapes, and the full length when it was cut. A status message travels in an HTTP/2 header; quoting a 50 KB
/// value whole made the status too large to send and left the client waiting for its deadline.
/// </summary>
public static class Echo
{
    public const int MaxCharacters = 64;

    /// <summary><c>'value'</c>, or <c>'first 64 characters…' (50000 characters)</c> when longer.</summary>
    public static string Of(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var shown = value.Length <= MaxCharacters ? value : value[..MaxCharacters];
        var builder = new StringBuilder(shown.Length + 32).Append('\'');
        foreach (var c in shown)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append(value.Length <= MaxCharacters ? "'" : "…'");
        if (value.Length > MaxCharacters)
        {
            builder.Append(" (").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return builder.ToString();
    }
}
