using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>A source that talks to the asset on one service port (or, without a port, one protocol).</summary>
/// <param name="Source">The source asset id, or <c>[address]</c> for an uninventoried host.</param>
/// <param name="Protocol">The protocol in the document's spelling, or the transport when unknown.</param>
/// <param name="Port">The asset's service port, when known.</param>
/// <param name="LastSeen">When it was last seen (eviction takes the least recent first).</param>
/// <param name="Count">How many events showed it.</param>
public sealed record BaselineTalker(
    [property: JsonPropertyName("src")] string Source,
    [property: JsonPropertyName("proto")] string Protocol,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("last"), JsonConverter(typeof(UnixMillisecondsJsonConverter))] DateTimeOffset LastSeen,
    [property: JsonPropertyName("n")] long Count)
{
    /// <summary>What makes two talkers the same: the source and the port (or the protocol without a port).</summary>
    [JsonIgnore]
    public string Key => KeyOf(Source, Protocol, Port);

    internal static string KeyOf(string source, string protocol, int? port) =>
        port is { } p ? $"{source}|{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"{source}|{protocol}";
}
