using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Trust;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;

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
        var now = time.GetUtcNow();
        var kept = factors.Where(f => f.Kind != TrustFactorKind.Vulnerability || listed.Contains(f.Source)).ToList();
        var known = kept.Where(f => f.Kind == TrustFactorKind.Vulnerability).Select(f => f.Source).ToHashSet(StringComparer.Ordinal);
        var added = listed.Where(c => !known.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (kept.Count == factors.Count && added.Count == 0)
        {
            return;
        }

        foreach (var cve in added)
        {
            kept = TrustBook.With(kept, new TrustFactor(TrustFactorKind.Vulnerability, cve, now));
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
