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

    /// <summary>How many values <see cref="List"/> shows.</summary>
    public const int MaxListItems = 8;

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

    /// <summary>
    /// A caller's value as a segment of a field path (<c>assets[plc-1]</c>, <c>roles[operator]</c>): the value itself
    /// when it is short and printable, else <see cref="Of"/>. Deterministic, so the paths the reader records and the
    /// ones the validator reports still match.
    /// </summary>
    public static string Key(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        return value.Length <= MaxCharacters && !value.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '[' or ']')
            ? value
            : Of(value);
    }

    /// <summary>
    /// Callers' values as a list: at most <see cref="MaxListItems"/> of them, each as <see cref="Key"/>, then how many
    /// there are in all. For messages such as "defined roles: a, b, c … (250 in all)".
    /// </summary>
    public static string List(IEnumerable<string> values)
    {
        var all = values.ToList();
        var shown = string.Join(", ", all.Take(MaxListItems).Select(Key));
        return all.Count <= MaxListItems
            ? shown
            : $"{shown} … ({all.Count.ToString(CultureInfo.InvariantCulture)} in all)";
    }
}
