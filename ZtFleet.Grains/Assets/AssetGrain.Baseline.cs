using System.Globalization;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Assets;

/// <summary>
/// The behaviour baseline: learned from and compared with the batches the ingestion sends (<see cref="ObserveAsync"/>),
/// checked for silent links by a timer, persisted when dirty.
/// </summary>
/// <remarks>
/// <para>
/// The baseline lives in memory and is written to its row when it changed, by the timer every
/// <see cref="BaselineSavePeriod"/> (the first tick spread at random, so a plant's assets do not write together) and on
/// deactivation, not for every batch: an asset polled ten times a second would
/// otherwise write its row ten times a second. A crash (the silo dies without deactivating) loses what was learned
/// in the last interval (counts, ranges, periods, the silent and stale marks) and nothing else: findings are returned to
/// the caller, which stores them as detections before it acknowledges the batch.
/// </para>
/// <para>
/// The timer runs while the asset has persistent links or unsaved changes, and keeps the activation alive then, so a
/// link that goes silent is found without any event. After a silo restart an asset whose every link is silent is not
/// activated again until an event or a <see cref="CheckBaselineAsync"/> call reaches it.
/// </para>
/// </remarks>
public sealed partial class AssetGrain
{
    /// <summary>How often the timer saves a changed baseline and looks for silent links.</summary>
    public static readonly TimeSpan BaselineSavePeriod = TimeSpan.FromSeconds(30);

    /// <summary>How long the plant's maintenance windows are used before they are read again.</summary>
    private static readonly TimeSpan WindowsFreshFor = TimeSpan.FromMinutes(1);

    private Baseline? _baseline;
    private bool _baselineDirty;
    private IGrainTimer? _baselineTimer;
    private (DateTimeOffset ReadAt, IReadOnlyList<ShiftCalendar> Windows)? _windows;

    private BaselineSettings BaselineSettings => BaselineSettings.Default;

    private Baseline CurrentBaseline
    {
        get
        {
            if (_baseline is null)
            {
                var (plant, asset) = GrainKeys.ParseAsset(this.GetPrimaryKeyString());
                _baseline = baseline.State.Baseline ?? new Baseline(plant, asset);
            }

            return _baseline;
        }
    }

    public async Task<IReadOnlyList<Finding>> ObserveAsync(AssetObservations observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var windows = await MaintenanceWindowsAsync(cancellationToken);
        var before = CurrentBaseline;
        var result = Baseline.Observe(before, observations.Events, observations.Learning, BaselineSettings, windows, time.GetUtcNow());
        _baseline = result.Baseline;
        _baselineDirty = true;
        await FollowStalenessAsync(before, result.Baseline, cancellationToken);
        ArmBaselineTimer();
        return result.Findings;
    }

    public async Task LearnAsync(Finding finding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var before = CurrentBaseline;
        var learned = Baseline.Learn(before, finding, BaselineSettings, time.GetUtcNow())
            ?? throw InvalidRequestException.Field("finding.learnable", "is not something this asset's baseline can learn");
        _baseline = learned;
        await FollowStalenessAsync(before, learned, cancellationToken);

        // Learning is an analyst's decision: saved at once, not with the next timer tick.
        await SaveBaselineAsync(cancellationToken);
    }

    public Task<AssetBaselineView> GetBaselineAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new AssetBaselineView(CurrentBaseline, CurrentBaseline.ExpectedPeriod(BaselineSettings), baseline.State.SavedAt));

    public async Task<IReadOnlyList<Finding>> CheckBaselineAsync(CancellationToken cancellationToken = default)
    {
        var before = CurrentBaseline;
        var result = Baseline.Check(before, BaselineSettings, time.GetUtcNow());
        if (result.Findings.Count > 0)
        {
            // No caller to hand them to: the plant monitor stores them. Before the links are marked silent, so a
            // failure here leaves them to the next tick instead of losing the finding. The monitor feeds the new
            // detection to this asset's trust while this call waits: the call chain may come back in.
            using var reentrant = RequestContext.AllowCallChainReentrancy();
            await GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(result.Baseline.Plant)).RecordAsync(result.Findings, cancellationToken);
        }

        _baseline = result.Baseline;
        if (result.Findings.Count > 0 || before.Stale != result.Baseline.Stale
            || before.Links.Count(l => l.Poll!.Silent) != result.Baseline.Links.Count(l => l.Poll!.Silent))
        {
            _baselineDirty = true;
        }

        await FollowStalenessAsync(before, result.Baseline, cancellationToken);

        if (_baselineDirty)
        {
            await SaveBaselineAsync(cancellationToken);
        }

        if (!NeedsBaselineTimer())
        {
            _baselineTimer?.Dispose();
            _baselineTimer = null;
        }

        return result.Findings;
    }

    /// <summary>Saves what the last interval learned; called by <see cref="OnDeactivateAsync"/>.</summary>
    private async Task SaveBaselineOnDeactivationAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_baselineDirty || reason.ReasonCode == DeactivationReasonCode.ActivationFailed)
        {
            return;
        }

        try
        {
            await SaveBaselineAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Asset {Asset}: saving the baseline at deactivation failed; what it learned since {SavedAt} is lost", this.GetPrimaryKeyString(), baseline.State.SavedAt);
        }
    }

    private async Task SaveBaselineAsync(CancellationToken cancellationToken)
    {
        baseline.State.Baseline = CurrentBaseline;
        baseline.State.SavedAt = time.GetUtcNow();
        await baseline.WriteStateAsync(cancellationToken);
        _baselineDirty = false;
    }

    /// <summary>The stale-telemetry trust factor follows the baseline's <see cref="Baseline.Stale"/>: set when it becomes stale, removed when heard again.</summary>
    private async Task FollowStalenessAsync(Baseline before, Baseline after, CancellationToken cancellationToken)
    {
        if (before.Stale == after.Stale)
        {
            return;
        }

        var asset = after.Asset.Value;
        if (!after.Stale)
        {
            await RemoveTrustFactorAsync(TrustFactorKind.StaleTelemetry, asset, cancellationToken);
            return;
        }

        var expected = after.ExpectedPeriod(BaselineSettings);
        var since = after.LastHeard is { } heard && expected is { } period ? heard + BaselineSettings.SilenceAfter(period) : time.GetUtcNow();
        await SetTrustFactorAsync(
            new TrustFactor(
                TrustFactorKind.StaleTelemetry,
                asset,
                since,
                Detail: string.Create(
                    CultureInfo.InvariantCulture,
                    $"Nothing heard about {asset} since {after.LastHeard:yyyy-MM-dd HH:mm:ss} UTC; its persistent links poll it every {expected?.TotalSeconds:0.###} s.")),
            cancellationToken);
    }

    private bool NeedsBaselineTimer() =>
        _baselineDirty || CurrentBaseline.Links.Any(l => l.Poll!.IsPersistent(BaselineSettings) && !l.Poll.Silent);

    private void ArmBaselineTimer()
    {
        if (_baselineTimer is not null || !NeedsBaselineTimer())
        {
            return;
        }

        // KeepAlive: an asset whose links fall silent sends no events, and its activation must stay to notice.
        // The first tick is spread over half a period to one and a half: a plant's assets activate together (first
        // telemetry, a silo restart), and without the spread every one of them would write its row in the same second.
        var due = BaselineSavePeriod * (0.5 + Random.Shared.NextDouble());
        _baselineTimer = this.RegisterGrainTimer(
            ct => CheckBaselineAsync(ct),
            new GrainTimerCreationOptions { DueTime = due, Period = BaselineSavePeriod, KeepAlive = true });
    }

    /// <summary>The plant's maintenance windows, read from its summary at most every <see cref="WindowsFreshFor"/>.</summary>
    private async Task<IReadOnlyList<ShiftCalendar>> MaintenanceWindowsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_windows is { } cached && now - cached.ReadAt < WindowsFreshFor && now >= cached.ReadAt)
        {
            return cached.Windows;
        }

        var summary = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(CurrentBaseline.Plant)).GetSummaryAsync(cancellationToken);
        IReadOnlyList<ShiftCalendar> windows =
            summary is { MaintenanceWindows: { Count: > 0 } specs } && TimeZoneInfo.TryFindSystemTimeZoneById(summary.TimeZone, out var zone)
                ? [.. specs.Select(w => ShiftCalendar.For(zone, w))]
                : [];
        _windows = (now, windows);
        return windows;
    }
}
