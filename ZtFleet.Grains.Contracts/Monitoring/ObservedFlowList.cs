using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Grains.Monitoring;

/// <summary>A plant's observed flows and what its bound left out.</summary>
/// <param name="Flows">Every flow kept, in no particular order.</param>
/// <param name="Limit">How many flows the plant keeps at most.</param>
/// <param name="EventsNotKept">
/// Events of flows not kept because the plant already held <paramref name="Limit"/> flows, since the grain was
/// activated (their existing flows keep counting).
/// </param>
[GenerateSerializer, Immutable, Alias("ztfleet.ObservedFlowList")]
public sealed record ObservedFlowList(
    [property: Id(0)] IReadOnlyList<ObservedFlow> Flows,
    [property: Id(1)] int Limit,
    [property: Id(2)] long EventsNotKept);
