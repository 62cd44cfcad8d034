using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Trust;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Grains.Assets;

// The trust factors and enforced tier (row asset-trust). See docs/trust.md.
public sealed partial class AssetGrain
{
    private IGrainTimer? _trustTimer;

    public async Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentException.ThrowIfNullOrEmpty(factor.Source, nameof(factor));
        if (trust.State.Factors?.Contains(factor) == true)
        {
            return;
        }

        trust.State.Factors = TrustBook.With(trust.State.Factors, factor);
        await RescoreTrustAsync(true, null, cancellationToken);
    }

    public async Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default)
    {
        if (!TrustBook.Has(trust.State.Factors, kind, source))
        {
            return;
        }

        trust.State.Factors = TrustBook.Without(trust.State.Factors, kind, source);
        await RescoreTrustAsync(true, null, cancellationToken);
    }

    public Task<TrustReport> GetTrustAsync(CancellationToken cancellationToken = default) =>
        RescoreTrustAsync(false, null, cancellationToken);

    public async Task SyncVulnerabilitiesAsync(IReadOnlyList<string> cves, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cves);
        var listed = cves.Where(c => !string.IsNullOrEmpty(c)).ToHashSet(StringComparer.Ordinal);
        var factors = trust.State.Factors;

        // Factors from advisories are the vulnerability grain's (SyncAdvisoryVulnerabilitiesAsync); a listed CVE an
        // advisory already scores is not counted twice.
        var advised = factors
            .Where(f => f.Kind == TrustFactorKind.Vulnerability && AdvisoryTrust.IsAdvisorySource(f.Source))
            .Select(f => AdvisoryTrust.CveOf(f.Source))
            .ToHashSet(StringComparer.Ordinal);
        var desired = listed.Where(c => !advised.Contains(c)).ToHashSet(StringComparer.Ordinal);
        await ReplaceVulnerabilityFactorsAsync(
            f => !AdvisoryTrust.IsAdvisorySource(f.Source),
            desired.Select(c => new TrustFactor(TrustFactorKind.Vulnerability, c, time.GetUtcNow())).ToList(),
            cancellationToken);
    }

    public async Task SyncAdvisoryVulnerabilitiesAsync(IReadOnlyList<TrustFactor> factors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var advisory = factors.Where(f => f.Kind == TrustFactorKind.Vulnerability && AdvisoryTrust.IsAdvisorySource(f.Source)).ToList();
        var advised = advisory.Select(f => AdvisoryTrust.CveOf(f.Source)).ToHashSet(StringComparer.Ordinal);

        // The asset's own CVE list (its plant's definition): those an advisory scores give way, the others (back) in.
        var listed = (await GetFactsAsync(cancellationToken))?.Vulnerabilities ?? [];
        var now = time.GetUtcNow();
        var desired = advisory
            .Concat(listed.Where(c => !string.IsNullOrEmpty(c) && !advised.Contains(c)).Distinct(StringComparer.Ordinal)
                .Select(c => new TrustFactor(TrustFactorKind.Vulnerability, c, now)))
            .ToList();
        await ReplaceVulnerabilityFactorsAsync(_ => true, desired, cancellationToken);
    }

    /// <summary>
    /// Makes the vulnerability factors that <paramref name="owned"/> selects exactly <paramref name="desired"/>: a factor
    /// already held with the same source and score keeps its time; nothing changes, nothing is written.
    /// </summary>
    private async Task ReplaceVulnerabilityFactorsAsync(Func<TrustFactor, bool> owned, IReadOnlyList<TrustFactor> desired, CancellationToken cancellationToken)
    {
        var factors = trust.State.Factors;
        var wanted = desired.GroupBy(f => f.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var kept = factors.Where(f => f.Kind != TrustFactorKind.Vulnerability || !owned(f)
            || (wanted.TryGetValue(f.Source, out var w) && w.Cvss == f.Cvss && w.Detail == f.Detail)).ToList();
        var held = kept.Where(f => f.Kind == TrustFactorKind.Vulnerability).Select(f => f.Source).ToHashSet(StringComparer.Ordinal);
        var added = wanted.Values.Where(f => !held.Contains(f.Source)).OrderBy(f => f.Source, StringComparer.Ordinal).ToList();
        if (kept.Count == factors.Count && added.Count == 0)
        {
            return;
        }

        foreach (var factor in added)
        {
            kept = TrustBook.With(kept, factor);
        }

        trust.State.Factors = kept;
        await RescoreTrustAsync(true, null, cancellationToken);
    }

    /// <summary>
    /// Scores the factors now, observes the score for the enforced tier, publishes a tier change to the plant (before
    /// the row is written: a failed write repeats the change under a new key, which the plant applies as the same
    /// tier), writes the row when something changed and keeps the rescoring timer while needed.
    /// </summary>
    /// <param name="changed">The factors changed in memory: write the row.</param>
    /// <param name="recoverAtOnce">Why a higher tier may take effect without the recovery wait (a lifted quarantine); null: it may not.</param>
    private async Task<TrustReport> RescoreTrustAsync(bool changed, string? recoverAtOnce, CancellationToken cancellationToken)
    {
        var (plant, asset) = GrainKeys.ParseAsset(this.GetPrimaryKeyString());
        var plantGrain = GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
        var settings = (await plantGrain.GetTrustPolicyAsync(cancellationToken)).Settings;
        var quarantine = (await plantGrain.GetQuarantinesAsync(cancellationToken)).InForce.FirstOrDefault(q => q.Asset == asset);
        var now = time.GetUtcNow();
        var factors = TrustBook.Prune(trust.State.Factors, settings, now);
        changed |= factors.Count != trust.State.Factors.Count;

        // The quarantine in force is read from the plant, whose set is what enforcement reads.
        var lifted = factors.Where(f => f.Kind == TrustFactorKind.Quarantine && f.Source != quarantine?.Id).ToList();
        if (lifted.Count > 0)
        {
            factors = factors.Except(lifted).ToList();
            recoverAtOnce ??= $"quarantine {lifted[0].Source} was lifted";
            changed = true;
        }

        if (quarantine is not null && !TrustBook.Has(factors, TrustFactorKind.Quarantine, quarantine.Id))
        {
            factors = TrustBook.With(factors, new TrustFactor(
                TrustFactorKind.Quarantine, quarantine.Id, quarantine.Since, Detail: $"quarantine {quarantine.Id} in force ({(quarantine.Mode == QuarantineMode.Isolate ? "isolated" : "writes restricted")})"));
            changed = true;
        }

        var score = TrustBook.Score(TrustEntity.Asset(plant, asset), factors, settings, now);
        var before = trust.State.Tier ?? TrustTierState.New(now);
        var step = TrustTiers.Observe(before, score.Value, settings, now);
        if (recoverAtOnce is not null)
        {
            step = TrustBook.RecoverAtOnce(step, score.Value, settings, now, recoverAtOnce);
        }

        if (step.Change is { } change && change.To != before.Tier)
        {
            await plantGrain.SetAssetTrustAsync(
                new AssetTrust(asset, change.To, score.Value), change.Reason, $"trust:{asset}:{now.UtcTicks}:{TrustVocabulary.Name(change.To)}", cancellationToken);
            trust.State.PublishedScore = score.Value;
            changed = true;
        }

        changed |= trust.State.Tier is null || step.State != before;
        trust.State.Factors = factors;
        trust.State.Tier = step.State;
        if (changed)
        {
            await trust.WriteStateAsync(cancellationToken);
        }

        ArmTrustTimer(TrustBook.NeedsTimer(factors, settings, step.State));
        return new TrustReport(score, step.State, trust.State.PublishedScore);
    }

    private void ArmTrustTimer(bool needed)
    {
        if (needed && _trustTimer is null)
        {
            _trustTimer = this.RegisterGrainTimer(
                async ct => await RescoreTrustAsync(false, null, ct),
                new GrainTimerCreationOptions { DueTime = TrustBook.RescorePeriod, Period = TrustBook.RescorePeriod, KeepAlive = true });
        }
        else if (!needed && _trustTimer is not null)
        {
            _trustTimer.Dispose();
            _trustTimer = null;
        }
    }
}
