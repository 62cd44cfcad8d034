using Orleans.Runtime;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Propagation;

/// <summary>The Orleans stream of a plant's deltas: <c>plant-deltas/{plantId}</c>. The fast path, never the truth.</summary>
public static class DeltaStreams
{
    public const string Namespace = "plant-deltas";

    /// <summary>
    /// Larger deltas are streamed as a notice (the record with an empty payload): readers fetch them from the log.
    /// </summary>
    public const int MaxPayloadLength = 64 * 1024;

    public static StreamId For(PlantId plant) => StreamId.Create(Namespace, plant.Value);

    public static Orleans.Streams.IAsyncStream<DeltaRecord> Of(this IClusterClient client, PlantId plant) =>
        client.GetStreamProvider(ProviderNames.PlantDeltaStreams).GetStream<DeltaRecord>(For(plant));
}
