using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Quarantine;

/// <summary>
/// The quarantines of one plant (keyed by plant id): the list of them, and the one place that orders competing
/// requests for the same asset, so that an asset has at most one open quarantine (plus one pending tightening).
/// </summary>
[Alias("ztfleet.IQuarantineIndexGrain")]
public interface IQuarantineIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims <paramref name="asset"/> for <paramref name="quarantineId"/>: as its quarantine when
    /// <paramref name="supersedes"/> is null and the asset has none open, or as the tightening of
    /// <paramref name="supersedes"/> when that is the asset's quarantine and no other tightening is pending.
    /// Returns null when claimed (again, for a repeat), else the id of the quarantine in the way.
    /// </summary>
    Task<string?> ClaimAsync(AssetId asset, string quarantineId, string? supersedes, CancellationToken cancellationToken = default);

    /// <summary>A tightening took effect: it is now the asset's quarantine.</summary>
    Task PromoteAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default);

    /// <summary>The quarantine is over (rejected, lifted, dropped): the asset is free of it.</summary>
    Task ReleaseAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default);

    /// <summary>The open quarantines of <paramref name="asset"/>.</summary>
    Task<QuarantineSlot?> GetSlotAsync(AssetId asset, CancellationToken cancellationToken = default);

    /// <summary>Every quarantine id of the plant, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
