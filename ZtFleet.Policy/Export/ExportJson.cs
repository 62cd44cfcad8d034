using System.Text.Json;
using ZtFleet.Policy.Access;

namespace ZtFleet.Policy.Export;

/// <summary>
/// How bodies are written into <see cref="ExportRecord.Body"/> and read back: the pure core's one JSON shape
/// (<see cref="PlantDeltaJson.Options"/>: nulls omitted, enums as strings).
/// </summary>
public static class ExportJson
{
    /// <summary>Writes a body.</summary>
    public static string Serialize<T>(T body) => JsonSerializer.Serialize(body, PlantDeltaJson.Options);

    /// <summary>Reads the body of <paramref name="record"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="JsonException">The body is not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(ExportRecord record)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Deserialize<T>(record.Body, PlantDeltaJson.Options)
            ?? throw new JsonException($"The body of a {record.Kind} record is empty.");
    }
}
