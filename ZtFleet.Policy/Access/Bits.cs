namespace ZtFleet.Policy.Access;

/// <summary>Enumeration values as bits of an <see cref="int"/> mask, where bit 0 (Unspecified) is never set.</summary>
internal static class Bits
{
    /// <summary>
    /// The bit of a defined, non-zero value below 32; 0 otherwise, so an unspecified or undefined value matches no
    /// mask instead of wrapping onto another value's bit.
    /// </summary>
    public static int Of(int value) => value is > 0 and < 32 ? 1 << value : 0;

    public static int Mask<TEnum>(IEnumerable<TEnum>? values, Func<TEnum, bool> defined)
        where TEnum : struct, Enum
    {
        var mask = 0;
        foreach (var value in values ?? [])
        {
            if (defined(value))
            {
                mask |= Of(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return mask;
    }
}
