using System.Text.Json;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Propagation;

/// <summary>Turns pure-core deltas into log records and back; one JSON shape for the table, streams and PEPs.</summary>
public static class DeltaSerializer
{
    // The PostgreSQL log stores payloads as jsonb, which reorders keys: "kind" need not come first when read back.
    private static readonly JsonSerializerOptions ReadOptions = new(ZtFleetSerialization.JsonOptions) { AllowOutOfOrderMetadataProperties = true };

    public static DeltaRecord ToRecord(PlantDelta delta, string? idempotencyKey)
    {
        var payload = JsonSerializer.Serialize(delta, ZtFleetSerialization.JsonOptions);
        using var document = JsonDocument.Parse(payload);
        var kind = document.RootElement.TryGetProperty("kind", out var k) ? k.GetString() ?? "unknown" : "unknown";
        return new DeltaRecord(delta.Epoch, kind, payload, idempotencyKey, delta.At);
    }

    public static PlantDelta FromRecord(DeltaRecord record) =>
        JsonSerializer.Deserialize<PlantDelta>(record.Payload, ReadOptions)
        ?? throw new JsonException($"Delta {record.Epoch} has an empty payload.");
}
