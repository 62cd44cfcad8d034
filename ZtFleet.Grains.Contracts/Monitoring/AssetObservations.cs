using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The events of one ingested batch that concern one asset, for its baseline and detectors: OT transactions and flows
/// whose destination it is, and changes of the asset itself.
/// </summary>
/// <param name="Events">The events, in the order the sender sent them.</param>
/// <param name="Learning">Whether the asset's zone is in learning mode (learn, do not alert on novelty).</param>
[GenerateSerializer, Immutable, Alias("ztfleet.AssetObservations")]
public sealed record AssetObservations(
    [property: Id(0)] JsonList<TelemetryEvent> Events,
    [property: Id(1)] bool Learning);
