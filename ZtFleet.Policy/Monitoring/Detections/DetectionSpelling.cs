using System.Text;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// The stable kebab-case names of detection types, statuses and severities (<c>function-code-outside-baseline</c>,
/// <c>acknowledged</c>, <c>high</c>): what the database stores and exports show. Derived from the enum member names, so
/// a new member has its name without a table to update.
/// </summary>
public static class DetectionSpelling
{
    /// <summary>The kebab-case name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 8);
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

    /// <summary>The value named <paramref name="text"/> (kebab-case), other than <c>unspecified</c>.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Convert.ToInt32(candidate, System.Globalization.CultureInfo.InvariantCulture) != 0 && Of(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
