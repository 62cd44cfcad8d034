using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// Where a normalised event goes: the asset whose baseline it concerns (the destination of an OT transaction or a
/// flow, the asset of a change) and whether the plant-wide detectors see it (every flow, every event with an
/// uninventoried host, authentications and access decisions).
/// </summary>
public static class TelemetryRouting
{
    /// <summary>The inventoried asset whose grain observes the event, or null (none, or uninventoried).</summary>
    public static AssetId? AssetOf(TelemetryEvent e) => e switch
    {
        OtTransactionEvent t => t.Destination.Asset,
        FlowEvent f => f.Destination.Asset,
        AssetChangeEvent c => c.Asset,
        _ => null,
    };

    /// <summary>The zone of <see cref="AssetOf"/>, or null.</summary>
    public static ZoneId? ZoneOf(TelemetryEvent e) => e switch
    {
        OtTransactionEvent t => t.Destination.Zone,
        FlowEvent f => f.Destination.Zone,
        AssetChangeEvent c => c.Zone,
        _ => null,
    };

    /// <summary>True when an end of the event is an address no asset of the plant has (or a change names none).</summary>
    public static bool HasUninventoriedHost(TelemetryEvent e) => e switch
    {
        FlowEvent f => f.Source.Uninventoried || f.Destination.Uninventoried,
        OtTransactionEvent t => t.Source.Uninventoried || t.Destination.Uninventoried,
        AuthenticationEvent a => a.Source?.Uninventoried == true || a.Target?.Uninventoried == true,
        AccessDecisionEvent d => d.Source?.Uninventoried == true,
        AssetChangeEvent c => c.Asset is null || c.By?.Uninventoried == true,
        _ => false,
    };

    /// <summary>True when the plant-wide detectors see the event.</summary>
    public static bool IsPlantLevel(TelemetryEvent e) =>
        e is FlowEvent or AuthenticationEvent or AccessDecisionEvent || HasUninventoriedHost(e);
}
