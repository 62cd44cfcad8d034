using System.Text.Json;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Propagation;

/// <summary>Turns pure-core deltas into log records and back; one JSON shape for the table, streams and PEPs.</summary>
public static class DeltaSerializer
{
    public static DeltaRecord ToRecord(PlantDelta delta, string? idempotencyKey)
    {
        var payload = PlantDeltaJson.Serialize(delta);
        using var document = JsonDocument.Parse(payload);
        var kind = document.RootElement.TryGetProperty("kind", out var k) ? k.GetString() ?? "unknown" : "unknown";
        return new DeltaRecord(delta.Epoch, kind, payload, idempotencyKey, delta.At);
    }

    public static PlantDelta FromRecord(DeltaRecord record) =>
        PlantDeltaJson.Deserialize(record.Payload);
}
