using System.Globalization;
using System.Text;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The asset id an import derives from a name when the export has no id column: the name's letters and digits in
/// lower case, accents dropped (<c>ü</c> → <c>u</c>, <c>ß</c> → <c>ss</c>), every other run of characters one <c>-</c>,
/// at most 63 characters (<c>Press Line 2 – PLC</c> → <c>press-line-2-plc</c>). The same name always gives the same id.
/// </summary>
public static class AssetIdSlug
{
    /// <summary>The slug of <paramref name="name"/>; null when it has no letter or digit.</summary>
    public static string? Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(Math.Min(decomposed.Length, EntityId.MaxLength));
        var dash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (dash && slug.Length > 0)
                {
                    slug.Append('-');
                }

                slug.Append(lower);
                dash = false;
            }
            else
            {
                dash = true;
            }
        }

        var text = slug.Length > EntityId.MaxLength ? slug.ToString(0, EntityId.MaxLength).TrimEnd('-') : slug.ToString();
        return text.Length == 0 ? null : text;
    }
}
