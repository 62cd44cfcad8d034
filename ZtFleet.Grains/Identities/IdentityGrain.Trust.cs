using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Identities;

// The trust factors and tier: placeholder until the trust wiring lands (issue 10, point 5): keeps nothing.
public sealed partial class IdentityGrain
{
    public Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
