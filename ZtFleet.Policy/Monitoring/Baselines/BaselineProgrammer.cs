using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// A source that programs the asset: it used an engineering operation (<see cref="OtOperationClasses.IsEngineering"/>:
/// program download, upload, stop/start) or was named as the author of a firmware or program change.
/// </summary>
/// <param name="Source">The source asset id, or <c>[address]</c>.</param>
/// <param name="Operation">The operation (<c>fc90</c>, <c>download</c>), or <c>program</c>/<c>firmware</c> for a reported change.</param>
/// <param name="LastSeen">When it last did.</param>
/// <param name="Count">How often.</param>
public sealed record BaselineProgrammer(
    [property: JsonPropertyName("src")] string Source,
    [property: JsonPropertyName("op")] string Operation,
    [property: JsonPropertyName("last"), JsonConverter(typeof(UnixMillisecondsJsonConverter))] DateTimeOffset LastSeen,
    [property: JsonPropertyName("n")] long Count)
{
    internal string Key => $"{Source}|{Operation}";
}
