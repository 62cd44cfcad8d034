using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// Where a plant's observed flows are kept (see <c>db/0005_observed_flows.sql</c>): one record per plant and
/// <see cref="ObservedFlow.Key"/>, to which increments are added.
/// </summary>
public interface IObservedFlowStore
{
    /// <summary>
    /// Adds increments to the plant's flows (<see cref="ObservedFlows.Merge"/>: counts added, also per operation, the
    /// widest time span), creating those it does not hold yet. At most one increment per key.
    /// </summary>
    Task AddAsync(string plant, IReadOnlyCollection<ObservedFlow> increments, CancellationToken cancellationToken = default);

    /// <summary>The plant's flows, at most <paramref name="limit"/>, most recently seen first.</summary>
    Task<IReadOnlyList<ObservedFlow>> LoadAsync(string plant, int limit, CancellationToken cancellationToken = default);
}
