using System.Text.RegularExpressions;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads the Purdue level an export writes in a level column: <c>3.5</c>, <c>L2</c>, <c>Level 3.5</c>,
/// <c>Purdue 2</c>, <c>Purdue Level 1</c>, <c>Lvl 0</c> (case-insensitive; <c>3,5</c> too).
/// </summary>
public static partial class PurdueLevelText
{
    /// <summary>The level of <paramref name="text"/>; false when it names none of 0, 1, 2, 3, 3.5, 4, 5.</summary>
    public static bool TryParse(string? text, out PurdueLevel level)
    {
        level = PurdueLevel.Unspecified;
        if (text is null)
        {
            return false;
        }

        var match = LevelPattern().Match(text.Trim());
        return match.Success
            && InventoryVocabulary.TryParse(match.Groups["n"].Value.Replace(',', '.'), out level);
    }

    [GeneratedRegex(@"^(?:purdue\s*)?(?:level|lvl|l)?\s*[-:]?\s*(?<n>[0-5](?:[.,]5)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex LevelPattern();
}
