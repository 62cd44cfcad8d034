using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Telemetry;

/// <summary>The telemetry senders of a plant, keyed by plant id: who has ever sent, for the plant's telemetry status.</summary>
[Alias("ztfleet.ITelemetrySendersGrain")]
public interface ITelemetrySendersGrain : IGrainWithStringKey
{
    /// <summary>Adds a sender (once).</summary>
    Task RegisterAsync(EnforcementPointId sender, CancellationToken cancellationToken = default);

    /// <summary>Every sender that has sent to the plant, by id.</summary>
    Task<IReadOnlyList<EnforcementPointId>> ListAsync(CancellationToken cancellationToken = default);
}
