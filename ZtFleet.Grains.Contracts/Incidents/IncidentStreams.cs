using Orleans.Runtime;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Incidents;

/// <summary>
/// The fleet-wide stream of incident changes: <c>incidents/fleet</c>, carried by the provider of
/// <see cref="ProviderNames.DetectionStreams"/> (memory streams configured in every process). A fast path: the incident
/// table is the record, and <see cref="IncidentChanged.Revision"/> lets a reader fill a gap from it.
/// </summary>
public static class IncidentStreams
{
    /// <summary>The streams' namespace.</summary>
    public const string Namespace = "incidents";

    /// <summary>The provider carrying it.</summary>
    public const string Provider = ProviderNames.DetectionStreams;

    /// <summary>The one stream: every incident change of the fleet.</summary>
    public static StreamId Fleet { get; } = StreamId.Create(Namespace, "fleet");

    /// <summary>The stream, for a client (the API) to subscribe to.</summary>
    public static Orleans.Streams.IAsyncStream<IncidentChanged> Of(IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetStreamProvider(Provider).GetStream<IncidentChanged>(Fleet);
    }
}
