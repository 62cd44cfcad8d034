using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Mfa;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;

namespace ZtFleet.Grains.Identities;

/// <inheritdoc cref="IIdentityGrain"/>
/// <remarks>
/// <para>
/// A runtime change (MFA, lock, grant) is written as <see cref="PendingRuntimeChange"/> first, then every plant
/// where the identity may act appends it to its delta log (durable, keyed), and only then does the change count
/// as done here. A crash in between is finished on the next activation with the same keys, so no plant records it
/// twice and none misses it; enforcement points are never told less than what this grain reports. The finished
/// change is not written again at once: the row keeps it as pending until the identity's next write, and an
/// activation that finds it finishes it again (the plants find their keys and append nothing), so a change costs
/// one write of this row, not two.
/// </para>
/// <para>
/// TOTP codes are checked here, where the secret lives: the attempt limits (<see cref="AttemptLimiter"/>), the replay
/// check and the verification run in one turn of this non-reentrant grain, so guesses sent through many API
/// processes at once are counted as one sequence.
/// </para>
/// </remarks>
[GrainType("identity")]
public sealed partial class IdentityGrain(
    [PersistentState("identity", ProviderNames.Storage)] IPersistentState<IdentityGrainState> state,
    ControlPlaneClock time,
    ILogger<IdentityGrain> logger) : Grain, IIdentityGrain
{
    /// <summary>The factor named in the audit and the lockout event.</summary>
    private const string TotpFactor = "totp";

    /// <summary>The limits on refused TOTP codes.</summary>
    private static AttemptLimits TotpLimits => AttemptLimits.Default;

    private IdentityId Id => IdentityId.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending is { } pending)
        {
            logger.LogWarning("Identity {Identity}: finishing change {Key} ({Reason}) decided before the last deactivation", Id, pending.IdempotencyKey, pending.Reason);
            await FinishAsync(pending, cancellationToken);
        }
    }

    public async Task StageAsync(Guid applyId, IdentitySpec? spec, CancellationToken cancellationToken = default)
    {
        state.State.Stage(applyId, spec);
        await PersistOrForgetAsync(cancellationToken);
    }

    public async Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default)
    {
        if (state.State.TryGetStaged(applyId, $"Identity '{Id}'", out _))
        {
            state.State.Commit(applyId);
            await PersistOrForgetAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes a state already changed in memory. If the write fails, this activation holds what storage does not (a
    /// retried commit would answer "done" with nothing written; a runtime change its caller was told failed would be
    /// finished by the next call), so it deactivates: the next call starts from storage.
    /// </summary>
    private async Task PersistOrForgetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<IdentitySpec?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current);

    public Task<IdentityRuntime> GetRuntimeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Runtime);

    public Task<IReadOnlyList<PlantEpoch>> RecordMfaAsync(MfaState mfa, IReadOnlyList<PlantId>? onlyAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mfa);
        return onlyAt is null
            ? ChangeAsync(r => r with { Mfa = mfa }, IdentityChangeReasons.Mfa, $"mfa:{Guid.NewGuid():N}", cancellationToken)
            : ChangeAsync(
                r => r with
                {
                    PlantOnlyMfa = [.. (r.PlantOnlyMfa ?? []).Where(p => !onlyAt.Contains(p.Plant)), .. onlyAt.Distinct().Select(p => new PlantMfa(p, mfa))],
                },
                IdentityChangeReasons.Mfa,
                $"mfa:{Guid.NewGuid():N}",
                cancellationToken,
                onlyAt: onlyAt);
    }

    public Task<IReadOnlyList<PlantEpoch>> RequireStepUpAsync(DateTimeOffset since, string idempotencyKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(r => r with { StepUpSince = since }, IdentityChangeReasons.StepUp, idempotencyKey, cancellationToken);

    public Task<IReadOnlyList<PlantEpoch>> ClearStepUpAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(r => r with { StepUpSince = null }, IdentityChangeReasons.StepUp, idempotencyKey, cancellationToken);

    public Task<IReadOnlyList<PlantEpoch>> LockAsync(string reason, string idempotencyKey, CancellationToken cancellationToken = default) =>
        // A lock also ends every grant: unlocking must not bring temporary access back.
        ChangeAsync(r => r with { Locked = true, LockReason = reason, Grants = [] }, IdentityChangeReasons.Locked, idempotencyKey, cancellationToken, plantsBefore: true);

    public Task<IReadOnlyList<PlantEpoch>> UnlockAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(r => r with { Locked = false, LockReason = null }, IdentityChangeReasons.Unlocked, idempotencyKey, cancellationToken);

    public Task<IReadOnlyList<PlantEpoch>> AddGrantAsync(Grant grant, CancellationToken cancellationToken = default)
    {
        if (grant.Identity != Id)
        {
            throw new ArgumentException($"Grant {grant.Id} is for '{grant.Identity}', not '{Id}'.", nameof(grant));
        }

        if (state.State.Runtime.Locked)
        {
            throw new PreconditionFailedException($"Identity '{Id}' is locked; no grant can be added.");
        }

        return ChangeAsync(
            r => r with { Grants = [.. r.Grants.Where(g => g.Id != grant.Id), grant] },
            IdentityChangeReasons.GrantActivated,
            $"grant:{grant.Id}:activated",
            cancellationToken);
    }

    public Task<IReadOnlyList<PlantEpoch>> RemoveGrantAsync(string grantId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            r => r with { Grants = r.Grants.Where(g => g.Id != grantId).ToList() },
            reason,
            $"grant:{grantId}:removed",
            cancellationToken,
            plantsBefore: true);

    public async Task<byte[]> EnrollTotpAsync(byte[] secret, CancellationToken cancellationToken = default)
    {
        state.State.TotpSecret = secret;
        state.State.TotpLastStep = null;
        state.State.Runtime = state.State.Runtime with { TotpEnrolled = true };
        await state.WriteStateAsync(cancellationToken);
        return secret;
    }

    public async Task<MfaRecorded> AssertTotpAsync(string code, IReadOnlyList<PlantId>? onlyAt, string actor, CancellationToken cancellationToken = default)
    {
        if (state.State.TotpSecret is not { } secret)
        {
            throw InvalidRequestException.Field("identity_id", "is not enrolled for TOTP");
        }

        var now = time.GetUtcNow();

        // During a lockout the code is not even looked at: a right one is refused like a wrong one, and nothing is
        // learnt or counted.
        if (AttemptLimiter.LockedUntil(state.State.TotpAttempts, now) is { } lockedUntil)
        {
            throw LockedOut(lockedUntil, now);
        }

        var check = TotpVerifier.Verify(secret, code, state.State.TotpLastStep, now);
        if (check.Failure == MfaFailures.Malformed)
        {
            // Not six digits: no guess at the secret, so not counted.
            throw InvalidRequestException.Field("totp_code", $"was not accepted: {MfaFailures.Malformed} (six digits expected)");
        }

        if (!check.Verified || check.MatchedStep is not { } step)
        {
            throw await RefuseAsync(check.Failure ?? MfaFailures.WrongCode, now, actor, cancellationToken);
        }

        // The step is burnt and the failures forgotten in the same write that records the MFA as pending: a replay
        // never succeeds, even after a crash, and a success costs one write of this row.
        state.State.TotpLastStep = step;
        state.State.TotpAttempts = AttemptState.Initial;
        var mfa = new MfaState(now, TotpFactor);
        return new MfaRecorded(mfa, await RecordMfaAsync(mfa, onlyAt, cancellationToken));
    }

    public async Task<DateTimeOffset?> ClearTotpLockoutAsync(CancellationToken cancellationToken = default)
    {
        var lockedUntil = AttemptLimiter.LockedUntil(state.State.TotpAttempts, time.GetUtcNow());
        state.State.TotpAttempts = AttemptState.Initial;
        await PersistOrForgetAsync(cancellationToken);
        logger.LogInformation("TOTP lockout of identity {Identity} cleared (was until {Until})", Id, lockedUntil);
        return lockedUntil;
    }

    /// <summary>
    /// Counts a refused code and returns the refusal to throw. A refusal that starts a lockout is audited, persisted
    /// and published first; the others stay in memory.
    /// </summary>
    /// <remarks>
    /// Failures below the limit are not written: the row holds the identity's whole state (spec, grants, MFA), so a
    /// write per guess would let anyone who can call AssertMfa turn guesses into WAL (about a row plus, after each
    /// checkpoint, a full page per write) at the rate of the API. What a lost activation forgets is at most
    /// <see cref="AttemptLimits.MaxFailures"/> − 1 failures of the current window; a lockout, once started, is in the
    /// row and survives deactivation, a silo restart and failover. A lockout costs one audit append and one row write.
    /// </remarks>
    private async Task<RefusalException> RefuseAsync(string failure, DateTimeOffset now, string actor, CancellationToken cancellationToken)
    {
        var outcome = AttemptLimiter.Fail(state.State.TotpAttempts, TotpLimits, now);
        state.State.TotpAttempts = outcome.State;
        AddMfaFactors(now, failure, outcome.Failures, outcome.LockoutUntil is null ? null : outcome.State.Lockouts);
        if (outcome.LockoutUntil is not { } until)
        {
            // The failure lowers trust; the row is written only if that changes what plants see (see above).
            await RescoreTrustAsync(persist: false, cancellationToken);
            return InvalidRequestException.Field("totp_code", $"was not accepted: {failure}");
        }

        var plants = (state.State.Current?.Assignments.Select(a => a.Plant) ?? []).Distinct().ToList();
        var lockout = new MfaLockoutEvent(Id, plants, TotpFactor, outcome.Failures, outcome.State.Lockouts, now, until, actor);
        logger.LogWarning(
            "Identity {Identity} locked out of TOTP until {Until:O} after {Failures} refused codes (lockout {Lockout}, last from {Actor})",
            Id, until, outcome.Failures, outcome.State.Lockouts, actor);

        // Audited first: a lockout that was recorded but not stored (the write failed) is reported too often, never
        // one that holds without a record.
        await GrainFactory.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).AppendAsync(
            new AuditEntry(null, now, actor, "mfa.lockout", Id.Value, "locked-out", JsonSerializer.Serialize(new
            {
                factor = TotpFactor,
                failure,
                failures = outcome.Failures,
                lockout = outcome.State.Lockouts,
                until,
                plants = plants.Select(p => p.Value),
            })),
            cancellationToken);
        await PersistOrForgetAsync(cancellationToken);
        await PublishAsync(lockout);
        ReportLockout(plants, now, outcome.State.Lockouts);
        await RescoreTrustAsync(persist: false, cancellationToken);
        return LockedOut(until, now, $"TOTP code not accepted ({failure}); {outcome.Failures} refused codes in a row");
    }

    private LimitExceededException LockedOut(DateTimeOffset until, DateTimeOffset now, string? why = null) =>
        new($"{why ?? "Too many refused TOTP codes"}: identity '{Id}' is locked out of TOTP until {until.ToString("O", CultureInfo.InvariantCulture)}; no code is checked before then.")
        {
            Reason = "MFA_LOCKED_OUT",
            RetryAfter = until - now,
            Metadata = new Dictionary<string, string> { ["locked_until"] = until.ToString("O", CultureInfo.InvariantCulture) },
        };

    /// <summary>Best effort: the audit chain already holds the lockout; a monitor that misses the event finds it there.</summary>
    private async Task PublishAsync(MfaLockoutEvent lockout)
    {
        try
        {
            await this.GetStreamProvider(ProviderNames.SecurityEventStreams)
                .GetStream<MfaLockoutEvent>(SecurityEventStreams.MfaLockouts)
                .OnNextAsync(lockout);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Publishing the TOTP lockout of {Identity} failed; it is in the audit chain", Id);
        }
    }

    /// <param name="plantsBefore">
    /// Also tell the plants where the identity could act before the change (a removed grant must reach the
    /// plant it was for, even though the identity has nothing left there).
    /// </param>
    /// <param name="onlyAt">Tell only these plants (the others' view of the identity does not change); null: all.</param>
    private async Task<IReadOnlyList<PlantEpoch>> ChangeAsync(
        Func<IdentityRuntime, IdentityRuntime> change,
        string reason,
        string idempotencyKey,
        CancellationToken cancellationToken,
        bool plantsBefore = false,
        IReadOnlyList<PlantId>? onlyAt = null)
    {
        if (state.State.Pending is { } unfinished)
        {
            await FinishAsync(unfinished, cancellationToken);
        }

        var pending = new PendingRuntimeChange(change(state.State.Runtime), reason, idempotencyKey, onlyAt);
        state.State.Pending = pending;
        await PersistOrForgetAsync(cancellationToken);
        return await FinishAsync(pending, cancellationToken, plantsBefore ? PlantsOf(state.State.Runtime) : [], persist: false);
    }

    /// <param name="persist">
    /// Write the finished state now (on activation); otherwise it is written with the next change, and until then the
    /// stored pending change is finished again, harmlessly, by any new activation.
    /// </param>
    private async Task<IReadOnlyList<PlantEpoch>> FinishAsync(
        PendingRuntimeChange pending, CancellationToken cancellationToken, IEnumerable<PlantId>? alsoTell = null, bool persist = true)
    {
        var plants = PlantsOf(pending.Runtime).Union(alsoTell ?? []).Union(PlantsOf(state.State.Runtime))
            .Where(p => pending.OnlyAt is null || pending.OnlyAt.Contains(p))
            .Distinct()
            .ToList();
        var epochs = new PlantEpoch[plants.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, plants.Count).ToList(),
            async i =>
            {
                var plant = plants[i];
                var epoch = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant))
                    .UpdateIdentityAsync(AtPlant(plant, pending.Runtime), pending.Reason, $"{Id}:{pending.IdempotencyKey}", cancellationToken);
                epochs[i] = new PlantEpoch(plant, epoch);
            });

        state.State.Runtime = pending.Runtime;
        state.State.Pending = null;
        if (persist)
        {
            await state.WriteStateAsync(cancellationToken);
        }

        return epochs;
    }

    /// <summary>Plants where the identity may act: its assignments and its grants.</summary>
    private IEnumerable<PlantId> PlantsOf(IdentityRuntime runtime) =>
        (state.State.Current?.Assignments.Select(a => a.Plant) ?? []).Concat(runtime.Grants.Select(g => g.Plant)).Distinct();

    private IdentityAtPlant AtPlant(PlantId plant, IdentityRuntime runtime)
    {
        var assignment = state.State.Current?.Assignments.FirstOrDefault(a => a.Plant == plant);
        var mfa = MfaScope.AtPlant(runtime.Mfa, runtime.PlantOnlyMfa?.FirstOrDefault(p => p.Plant == plant)?.Mfa);
        return new IdentityAtPlant(
            Id,
            state.State.Current?.Kind ?? IdentityKind.Unspecified,
            assignment?.Roles ?? [],
            assignment?.Shift,
            runtime.Locked,
            runtime.Trust,
            mfa,
            runtime.Grants.Where(g => g.Plant == plant).ToList(),
            runtime.EnforcedTier)
        {
            StepUpRequired = runtime.StepUpSince is { } since && (mfa is null || mfa.AuthTime < since),
        };
    }
}
