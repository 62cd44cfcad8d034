using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The events of one ingested batch that plant-wide detectors look at: flows (denied bursts, scanning), events with an
/// uninventoried host, authentication attempts and access decisions (MFA failure bursts, lockouts, off-shift access).
/// Not the OT transactions between inventoried hosts: those go to the assets' grains.
/// </summary>
/// <param name="Events">The events, in the order the sender sent them.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantObservations")]
public sealed record PlantObservations([property: Id(0)] JsonList<TelemetryEvent> Events);
