using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Plants;

/// <summary>Identities at the plant: their runtime changes (lock, grants, MFA) become deltas.</summary>
public sealed partial class PlantGrain
{
    /// <remarks>Writes the delta and nothing else here (the checkpoint follows every few deltas), whatever the plant's size.</remarks>
    public async Task<long> UpdateIdentityAsync(IdentityAtPlant identity, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var epoch = await AppendAsync(new IdentityChanged(0, default, identity, reason), idempotencyKey, cancellationToken);
        await CheckpointIfDueAsync(cancellationToken);
        return epoch;
    }
}
