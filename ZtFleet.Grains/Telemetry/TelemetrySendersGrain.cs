using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Telemetry;

/// <inheritdoc cref="ITelemetrySendersGrain"/>
[GrainType("telemetry-senders")]
public sealed class TelemetrySendersGrain(
    [PersistentState("telemetry-senders", ProviderNames.Storage)] IPersistentState<TelemetrySendersState> state) : Grain, ITelemetrySendersGrain
{
    public async Task RegisterAsync(EnforcementPointId sender, CancellationToken cancellationToken = default)
    {
        var index = state.State.Senders.BinarySearch(sender.Value, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        state.State.Senders.Insert(~index, sender.Value);
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<EnforcementPointId>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EnforcementPointId>>([.. state.State.Senders.Select(EnforcementPointId.Parse)]);
}
