using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Assets;

// The trust factors and tier: placeholder until the trust wiring lands (issue 10, point 5).
public sealed partial class AssetGrain
{
    public Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException(trust.GetType().Name);

    public Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
