using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The flows a plant's telemetry has shown, keyed by plant id: summed per <see cref="ObservedFlow.Key"/> and kept in
/// PostgreSQL, for the flow map's declared-versus-observed view and proposed fleet-document changes.
/// </summary>
[Alias("ztfleet.IObservedFlowGrain")]
public interface IObservedFlowGrain : IGrainWithStringKey
{
    /// <summary>Adds a batch's summaries (<see cref="ObservedFlows.Summarise"/>).</summary>
    Task RecordAsync(JsonList<ObservedFlow> flows, CancellationToken cancellationToken = default);

    /// <summary>Every flow observed at the plant.</summary>
    Task<IReadOnlyList<ObservedFlow>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Every flow observed at the plant, with the bound and what it left out.</summary>
    Task<ObservedFlowList> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes what changed since the last write now (tests, and a silo shutting down).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
