using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Identifiers;

/// <summary>
/// The one canonical rule for every ZtFleet identifier: 1–63 characters of lower-case letters, digits,
/// '-', '_' and '.', starting with a letter or digit. The same string is the document id, the proto field and
/// (joined with '/' for plant-scoped entities) the grain key.
/// </summary>
public static class EntityId
{
    public const int MaxLength = 63;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        if (!IsLowerAlnum(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlnum(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Describe(string? value) =>
        value is null or "" ? "is missing" : $"{Echo.Of(value)} is not a valid id (1-63 of a-z 0-9 - _ ., starting with a letter or digit)";

    internal static string Require(string? value, string what) =>
        IsValid(value) ? value! : throw new FormatException($"{what} {Describe(value)}");

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
