using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Trust;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Grains.Assets;

/// <summary>
/// One asset, keyed <c>plantId/assetId</c>: its inventory facts (read from its plant) and its runtime state: the
/// behaviour baseline learned from telemetry, and its trust factors and tier.
/// </summary>
[Alias("ztfleet.IAssetGrain")]
public interface IAssetGrain : IGrainWithStringKey
{
    /// <summary>The asset's facts as its plant's definition in force has them, or null when it does not exist.</summary>
    Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Learns from (in learning mode) or compares with (operational) the asset's baseline the events of a batch that
    /// concern it, and returns what its detectors found. The caller stores the findings.
    /// </summary>
    Task<IReadOnlyList<Finding>> ObserveAsync(AssetObservations observations, CancellationToken cancellationToken = default);

    /// <summary>Accepts a finding into the baseline ("learn"): what it saw is normal from now on.</summary>
    /// <exception cref="Refusals.InvalidRequestException">The finding is about another asset or has nothing this baseline can learn.</exception>
    Task LearnAsync(Finding finding, CancellationToken cancellationToken = default);

    /// <summary>The asset's baseline as it is now.</summary>
    Task<AssetBaselineView> GetBaselineAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What the baseline timer does (every 30 s while the asset has persistent links or unsaved learning): finds the
    /// persistent links gone silent (no event needed), updates the stale-telemetry trust factor, sends the findings to
    /// the plant monitor and saves the baseline when it changed. Returns the findings it sent. Callable so a test with a
    /// fake clock, or a plant-wide sweep, need not wait for the timer.
    /// </summary>
    Task<IReadOnlyList<Finding>> CheckBaselineAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a trust factor, or replaces the one of the same kind and source; one the grain already holds changes nothing.</summary>
    Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default);

    /// <summary>Removes the trust factor of this kind and source, if present.</summary>
    Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default);

    /// <summary>
    /// The asset's trust score now, explained (every factor's contribution). Scoring also observes the score for the
    /// enforced tier (as the decay timer does), so a tier change that is due is published before this returns.
    /// </summary>
    Task<TrustReport> GetTrustAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the vulnerability factors those of <paramref name="cves"/> (the asset's CVE list in its plant's
    /// definition): adds the new ones, removes those no longer listed (patched). The plant calls it when the list changes.
    /// </summary>
    Task SyncVulnerabilitiesAsync(IReadOnlyList<string> cves, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the vulnerability factors that come from imported advisories exactly <paramref name="factors"/> (each with
    /// its CVSS; source <c>CVE (advisory id)</c>, see <see cref="AdvisoryTrust"/>): adds, replaces and removes them. A CVE
    /// of the asset's own CVE list counts once: the advisory's factor (scored) replaces the list's (unrated) while it
    /// exists, and the list's comes back when it goes. The vulnerability grain calls it after an import or a re-match.
    /// </summary>
    Task SyncAdvisoryVulnerabilitiesAsync(IReadOnlyList<TrustFactor> factors, CancellationToken cancellationToken = default);
}
