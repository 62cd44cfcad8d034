using System.Text.Json.Serialization;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>A firmware, program or mode value the asset was seen with (from an <see cref="AssetChangeEvent"/>).</summary>
/// <param name="Kind">What it is the value of.</param>
/// <param name="Value">The value after the change (<c>V4.2.1</c>, a program checksum, <c>run</c>).</param>
/// <param name="At">When the change happened.</param>
/// <param name="By">Who made it, when reported.</param>
public sealed record BaselineVersion(
    [property: JsonPropertyName("kind")] AssetChangeKind Kind,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("at"), JsonConverter(typeof(UnixMillisecondsJsonConverter))] DateTimeOffset At,
    [property: JsonPropertyName("by")] string? By = null);
