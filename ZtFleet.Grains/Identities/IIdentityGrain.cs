using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Identities;

/// <summary>One identity of the fleet (a person or a service account), keyed by its id.</summary>
/// <remarks>Changes arrive in two phases from the fleet grain, as for plants.</remarks>
[Alias("ztfleet.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="spec"/> (null: removed) under <paramref name="applyId"/>.</summary>
    Task StageAsync(Guid applyId, IdentitySpec? spec, CancellationToken cancellationToken = default);

    /// <summary>Makes the staged spec current; repeating it is harmless.</summary>
    Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default);

    /// <summary>The identity, or null when it does not exist.</summary>
    Task<IdentitySpec?> GetAsync(CancellationToken cancellationToken = default);
}
