using System.Text;
using ZtFleet.Policy.Response.Cacao;

namespace ZtFleet.Policy.Compliance.Oscal;

/// <summary>
/// Deterministic OSCAL identifiers: UUIDs version 5 of a ZtFleet name (the same action has the same POA&amp;M item UUID in
/// every export), and tokens (OSCAL's NCName datatype) made from requirement and control ids.
/// </summary>
public static class OscalIds
{
    /// <summary>The namespace of ZtFleet's OSCAL names and properties.</summary>
    public const string PropertyNamespace = "https://ztfleet.io/ns/oscal";

    private static readonly Guid UrlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>The UUID namespace of ZtFleet's OSCAL objects.</summary>
    public static Guid Namespace { get; } = CacaoIds.V5(UrlNamespace, PropertyNamespace);

    /// <summary>The UUID (version 5) of <paramref name="name"/>.</summary>
    public static string Uuid(string name) => CacaoIds.V5(Namespace, name).ToString("D");

    /// <summary>
    /// <paramref name="text"/> as an OSCAL token: lower case, spaces and other characters outside letters, digits,
    /// <c>.</c>, <c>-</c> and <c>_</c> as <c>-</c>, and a leading <c>_</c> when it would not start with a letter.
    /// </summary>
    public static string Token(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var token = new StringBuilder(text.Length + 1);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            token.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }

        if (token.Length == 0 || !(char.IsLetter(token[0]) || token[0] == '_'))
        {
            token.Insert(0, '_');
        }

        return token.ToString();
    }

    /// <summary>An instant as OSCAL's date-time with time zone: UTC with milliseconds.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
