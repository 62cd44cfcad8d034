namespace ZtFleet.Grains.Quarantine;

/// <summary>How quarantine statuses and modes are spelt in audit records and messages.</summary>
public static class QuarantineSpelling
{
    /// <summary>An enum value as documents and the API spell it (<c>RestrictWrites</c> → <c>restrict-writes</c>).</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
