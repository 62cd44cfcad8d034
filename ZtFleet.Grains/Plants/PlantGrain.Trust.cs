using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// Trust at the plant: asset tier changes become deltas, the plant's definition gives the trust settings, and the
/// plant tells its asset grains what only it knows (CVE lists, quarantines in force) as trust factors.
/// </summary>
public sealed partial class PlantGrain
{
    public async Task<long> SetAssetTrustAsync(AssetTrust trust, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var epoch = await AppendAsync(new AssetTrustChanged(0, default, trust, reason), idempotencyKey, cancellationToken);
        await CheckpointIfDueAsync(cancellationToken);
        return epoch;
    }

    public Task<PlantTrustPolicy> GetTrustPolicyAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(definition.State.Current is { } current
            ? new PlantTrustPolicy(
                current.EffectiveTrust,
                current.DefinedRoles
                    .SelectMany(r => r.Permissions ?? [])
                    .Select(p => p.Conditions?.MinTrust ?? 0)
                    .Where(t => t is > 0 and <= 100)
                    .Distinct()
                    .Order()
                    .ToList())
            : PlantTrustPolicy.Default);

    /// <summary>
    /// After a commit, tells the asset grains whose CVE list changed (new assets with one included). One-way: an asset
    /// grain may call this grain back with a tier change, which must not wait for this turn.
    /// </summary>
    private void TellVulnerabilityChanges(PlantDefinition? before, PlantDefinition? after)
    {
        if (after is null)
        {
            return;
        }

        var old = (before?.Spec.Assets ?? []).ToDictionary(a => a.Id, a => a.Vulnerabilities ?? []);
        foreach (var asset in after.Spec.Assets)
        {
            var cves = asset.Vulnerabilities ?? [];
            var previous = old.GetValueOrDefault(asset.Id) ?? [];
            if (!cves.Order(StringComparer.Ordinal).SequenceEqual(previous.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                Tell(asset.Id, a => a.SyncVulnerabilitiesAsync(cves.ToList()));
            }
        }
    }

    /// <summary>
    /// After a commit that changed what advisories match (an asset added or removed, or its vendor, model or firmware
    /// changed: a firmware update), asks the vulnerability grain to match the plant again. One-way: that grain reads this
    /// plant's definition back and tells it when the ranking must be recomputed.
    /// </summary>
    private void TellInventoryChanges(PlantDefinition? before, PlantDefinition? after)
    {
        static string Key(AssetSpec a) => $"{a.Id}|{a.Vendor}|{a.Model}|{a.Firmware}";
        var old = (before?.Spec.Assets ?? []).Select(Key).Order(StringComparer.Ordinal);
        var now = (after?.Spec.Assets ?? []).Select(Key).Order(StringComparer.Ordinal);
        if (old.SequenceEqual(now, StringComparer.Ordinal))
        {
            return;
        }

        var plant = Id;
        var grain = GrainFactory.GetGrain<ZtFleet.Grains.Vulnerabilities.IVulnerabilityGrain>(ZtFleet.Grains.Vulnerabilities.IVulnerabilityGrain.Key);
        _ = TellAsync();

        async Task TellAsync()
        {
            try
            {
                await grain.RematchPlantAsync(plant);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Plant {Plant}: matching advisories again after an inventory change failed", plant);
            }
        }
    }

    /// <summary>
    /// After a lift the asset rescores at once: a tier its quarantine lowered comes back without the recovery wait.
    /// A quarantine put in force is not told: the asset reads it whenever it scores (the quarantine itself already
    /// bounds decisions more than the tier it causes), so a quarantine appends no delta of its own beyond its own.
    /// </summary>
    private void TellQuarantineLifted(AssetId asset) => Tell(asset, a => a.GetTrustAsync());

    private void Tell(AssetId asset, Func<IAssetGrain, Task> call)
    {
        var grain = GrainFactory.GetGrain<IAssetGrain>(GrainKeys.Asset(Id, asset));
        _ = TellAsync();

        async Task TellAsync()
        {
            try
            {
                await call(grain);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Plant {Plant}: telling asset {Asset} a trust factor failed", Id, asset);
            }
        }
    }
}
