using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The one JSON shape of pure-core types (deltas, specs) on the wire, in the delta log and in grain storage:
/// System.Text.Json defaults, nulls omitted, enums as strings. Reading accepts the <c>kind</c> discriminator anywhere
/// in an object (PostgreSQL <c>jsonb</c> reorders keys).
/// </summary>
public static class PlantDeltaJson
{
    /// <summary>The options pure-core types are written and read with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Writes a delta; its <c>kind</c> says which delta it is.</summary>
    public static string Serialize(PlantDelta delta) => JsonSerializer.Serialize(delta, Options);

    /// <summary>Reads a delta written by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException">The text is not a delta of a known kind.</exception>
    public static PlantDelta Deserialize(string json) =>
        JsonSerializer.Deserialize<PlantDelta>(json, Options) ?? throw new JsonException("The delta payload is empty.");

    /// <summary>Applies the shape to other options (grain storage brings its own instance).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.AllowOutOfOrderMetadataProperties = true;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
