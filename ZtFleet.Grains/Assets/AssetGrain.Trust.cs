using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Assets;

// The trust factors and tier: placeholder until the trust wiring lands (issue 10, point 5): keeps nothing.
public sealed partial class AssetGrain
{
    public Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default) => trust.State is null ? Task.CompletedTask : Task.CompletedTask;

    public Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
