using System.Globalization;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Trust;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Identities;

// The trust factors and enforced tier of the identity (in its one row). A tier change, or a crossing of a minTrust
// the fleet's roles use, is an IdentityChanged delta (reason "trust") at every plant where the identity may act,
// through the same pending-change path as a lock. See docs/trust.md.
public sealed partial class IdentityGrain
{
    /// <summary>The sender named in the authentication events this grain reports (TOTP lockouts).</summary>

    private IGrainTimer? _trustTimer;

    public async Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentException.ThrowIfNullOrEmpty(factor.Source, nameof(factor));
        if (state.State.TrustFactors?.Contains(factor) == true)
        {
            return;
        }

        state.State.TrustFactors = TrustBook.With(state.State.TrustFactors, factor);
        await RescoreTrustAsync(persist: true, cancellationToken);
    }

    public async Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default)
    {
        if (!TrustBook.Has(state.State.TrustFactors, kind, source))
        {
            return;
        }

        state.State.TrustFactors = TrustBook.Without(state.State.TrustFactors, kind, source);
        await RescoreTrustAsync(persist: true, cancellationToken);
    }

    public Task<TrustReport> GetTrustAsync(CancellationToken cancellationToken = default) =>
        RescoreTrustAsync(persist: false, cancellationToken);

    /// <summary>A refused TOTP code is an MFA failure factor; one that starts a lockout also a lockout factor.</summary>
    private void AddMfaFactors(DateTimeOffset now, string failure, int failures, int? lockout)
    {
        var at = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", CultureInfo.InvariantCulture);
        state.State.TrustFactors = TrustBook.With(
            state.State.TrustFactors,
            new TrustFactor(TrustFactorKind.MfaFailure, $"totp:{at}:{failures}", now, Detail: $"TOTP code refused ({failure}), {failures} in a row"));
        if (lockout is { } n)
        {
            state.State.TrustFactors = TrustBook.With(
                state.State.TrustFactors,
                new TrustFactor(TrustFactorKind.Lockout, $"totp-lockout:{at}", now, Detail: $"locked out of TOTP (lockout {n}) after {failures} refused codes"));
        }
    }

    /// <summary>
    /// Tells the monitor of every plant of the identity about a lockout, as an authentication event (the detections
    /// turn it into a detection). One-way: a monitor may call this grain back with a factor.
    /// </summary>
    private void ReportLockout(IReadOnlyList<PlantId> plants, DateTimeOffset now, int lockout)
    {
        foreach (var plant in plants)
        {
            var observed = new AuthenticationEvent
            {
                Id = $"{DetectionTrust.OwnMfaSender}:{now.UtcTicks}:{lockout}",
                Plant = plant,
                At = now,
                Sender = DetectionTrust.OwnMfaSender,
                Identity = Id,
                User = Id.Value,
                Method = TotpFactor,
                Success = false,
                Reason = "lockout",
            };
            _ = TellAsync(plant, observed);
        }

        async Task TellAsync(PlantId plant, AuthenticationEvent observed)
        {
            try
            {
                await GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant)).ObserveAsync(new PlantObservations([observed]));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reporting the TOTP lockout of {Identity} to the monitor of plant {Plant} failed", Id, plant);
            }
        }
    }

    /// <summary>
    /// Scores the factors now and observes the score: a tier change or a crossing of a role's <c>minTrust</c> is
    /// published to every plant (which writes the row); otherwise the row is written only when
    /// <paramref name="persist"/> (or the pruning or hysteresis state changed and persisting is asked).
    /// </summary>
    private async Task<TrustReport> RescoreTrustAsync(bool persist, CancellationToken cancellationToken)
    {
        var runtime = state.State.Runtime;
        var policy = PlantsOf(runtime).FirstOrDefault() is { } plant
            ? await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetTrustPolicyAsync(cancellationToken)
            : PlantTrustPolicy.Default;
        var settings = policy.Settings;
        var now = time.GetUtcNow();
        var before = state.State.TrustFactors ?? [];
        var factors = TrustBook.Prune(before, settings, now);
        var score = TrustBook.Score(TrustEntity.Identity(Id), factors, settings, now);
        var tierBefore = state.State.TrustTier ?? TrustTierState.New(now);
        var step = TrustTiers.Observe(tierBefore, score.Value, settings, now);
        var (crossed, pendingSince) = TrustThresholds.Observe(runtime.Trust, score.Value, state.State.TrustThresholdPendingSince, policy.MinTrusts, settings, now);
        persist |= factors.Count != before.Count || step.State != tierBefore;

        state.State.TrustFactors = factors;
        state.State.TrustTier = step.State;
        state.State.TrustThresholdPendingSince = pendingSince;
        var tierChanged = step.Change is { } change && change.To != runtime.EnforcedTier;
        if (tierChanged || crossed)
        {
            var tier = step.State.Tier;
            await ChangeAsync(
                r => r with { Trust = score.Value, TrustTier = tier },
                IdentityChangeReasons.Trust,
                $"trust:{now.UtcTicks}:{TrustVocabulary.Name(tier)}:{score.Value}",
                cancellationToken);
            logger.LogInformation(
                "Identity {Identity}: trust {Score}, enforced tier {Tier} ({Why})", Id, score.Value, TrustVocabulary.Name(tier), step.Change?.Reason ?? "a role's minTrust was crossed");
        }
        else if (persist)
        {
            await PersistOrForgetAsync(cancellationToken);
        }

        ArmTrustTimer(TrustBook.NeedsTimer(factors, settings, step.State, pendingSince));
        return new TrustReport(score, step.State, state.State.Runtime.Trust);
    }

    private void ArmTrustTimer(bool needed)
    {
        if (needed && _trustTimer is null)
        {
            _trustTimer = this.RegisterGrainTimer(
                async ct => await RescoreTrustAsync(persist: false, ct),
                new GrainTimerCreationOptions { DueTime = TrustBook.RescorePeriod, Period = TrustBook.RescorePeriod, KeepAlive = true });
        }
        else if (!needed && _trustTimer is not null)
        {
            _trustTimer.Dispose();
            _trustTimer = null;
        }
    }
}
