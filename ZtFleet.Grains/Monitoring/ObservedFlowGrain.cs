using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Grains.Monitoring;

/// <inheritdoc cref="IObservedFlowGrain"/>
/// <remarks>Placeholder until the observed flow store lands (issue 10, point 8): keeps nothing.</remarks>
[GrainType("observed-flows")]
public sealed class ObservedFlowGrain : Grain, IObservedFlowGrain
{
    public Task RecordAsync(IReadOnlyList<ObservedFlow> flows, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<ObservedFlow>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ObservedFlow>>([]);
}
