using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>An operation (function code) one source uses on one unit of the asset, with the addresses it touches.</summary>
/// <param name="Source">The source asset id, or <c>[address]</c>.</param>
/// <param name="Protocol">The protocol in the document's spelling.</param>
/// <param name="Unit">The Modbus unit identifier; null for other protocols.</param>
/// <param name="Operation">The operation as the document names it (<c>fc3</c>, <c>download</c>).</param>
/// <param name="LastSeen">When it was last used.</param>
/// <param name="Count">How often it was used.</param>
/// <param name="Ranges">The address ranges it touched, merged, sorted, at most <see cref="BaselineSettings.MaxRangesPerOperation"/>.</param>
/// <param name="Poll">How regularly it is used (a polling link), from its second use on.</param>
public sealed record BaselineOperation(
    [property: JsonPropertyName("src")] string Source,
    [property: JsonPropertyName("proto")] string Protocol,
    [property: JsonPropertyName("unit")] int? Unit,
    [property: JsonPropertyName("op")] string Operation,
    [property: JsonPropertyName("last"), JsonConverter(typeof(UnixMillisecondsJsonConverter))] DateTimeOffset LastSeen,
    [property: JsonPropertyName("n")] long Count,
    [property: JsonPropertyName("ranges")] IReadOnlyList<AddressRange> Ranges,
    [property: JsonPropertyName("poll")] BaselineLink? Poll = null)
{
    /// <summary>What makes two operations the same: source, protocol, unit and operation.</summary>
    [JsonIgnore]
    public string Key => KeyOf(Source, Protocol, Unit, Operation);

    internal static string KeyOf(string source, string protocol, int? unit, string operation) =>
        $"{source}|{protocol}|{unit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}|{operation}";
}
