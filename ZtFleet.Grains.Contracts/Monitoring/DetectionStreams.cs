using Orleans.Runtime;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The Orleans stream of a plant's new and changed detections: <c>detections/{plantId}</c> on the provider
/// <see cref="ProviderNames.DetectionStreams"/>. The fast path (memory streams lose what is in flight when a silo
/// dies); the store is the truth, and <see cref="Detection.Revision"/> lets a reader fill a gap from it.
/// </summary>
public static class DetectionStreams
{
    /// <summary>The streams' namespace.</summary>
    public const string Namespace = "detections";

    /// <summary>The stream id of <paramref name="plant"/>'s detections.</summary>
    public static StreamId For(PlantId plant) => StreamId.Create(Namespace, plant.Value);

    /// <summary>The stream of <paramref name="plant"/>'s detections, for a client to subscribe to.</summary>
    public static Orleans.Streams.IAsyncStream<Detection> Of(IClusterClient client, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetStreamProvider(ProviderNames.DetectionStreams).GetStream<Detection>(For(plant));
    }
}
