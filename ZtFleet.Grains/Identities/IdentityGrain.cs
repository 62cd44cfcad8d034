using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Identities;

/// <inheritdoc cref="IIdentityGrain"/>
/// <remarks>
/// A runtime change (MFA, lock, grant) is written as <see cref="PendingRuntimeChange"/> first, then every plant
/// where the identity may act appends it to its delta log (durable, keyed), and only then does the change count
/// as done here. A crash in between is finished on the next activation with the same keys, so no plant records it
/// twice and none misses it; enforcement points are never told less than what this grain reports. The finished
/// change is not written again at once: the row keeps it as pending until the identity's next write, and an
/// activation that finds it finishes it again (the plants find their keys and append nothing), so a change costs
/// one write of this row, not two.
/// </remarks>
[GrainType("identity")]
public sealed class IdentityGrain(
    [PersistentState("identity", ProviderNames.Storage)] IPersistentState<IdentityGrainState> state,
    ILogger<IdentityGrain> logger) : Grain, IIdentityGrain
{
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

    public Task<IReadOnlyList<PlantEpoch>> RecordMfaAsync(MfaState mfa, CancellationToken cancellationToken = default) =>
        ChangeAsync(r => r with { Mfa = mfa }, IdentityChangeReasons.Mfa, $"mfa:{Guid.NewGuid():N}", cancellationToken);

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

    public Task<(byte[] Secret, long? LastStep)?> GetTotpAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<(byte[] Secret, long? LastStep)?>(state.State.TotpSecret is { } secret ? (secret, state.State.TotpLastStep) : null);

    public async Task<IReadOnlyList<PlantEpoch>> RecordTotpAsync(long step, MfaState mfa, CancellationToken cancellationToken = default)
    {
        if (state.State.TotpLastStep is { } last && step <= last)
        {
            throw new InvalidOperationException($"TOTP step {step} of '{Id}' was already used.");
        }

        // The step is burnt before the plants hear of the MFA event: a replay must never succeed, even after a crash.
        state.State.TotpLastStep = step;
        await state.WriteStateAsync(cancellationToken);
        return await RecordMfaAsync(mfa, cancellationToken);
    }

    /// <param name="plantsBefore">
    /// Also tell the plants where the identity could act before the change (a removed grant must reach the
    /// plant it was for, even though the identity has nothing left there).
    /// </param>
    private async Task<IReadOnlyList<PlantEpoch>> ChangeAsync(
        Func<IdentityRuntime, IdentityRuntime> change, string reason, string idempotencyKey, CancellationToken cancellationToken, bool plantsBefore = false)
    {
        if (state.State.Pending is { } unfinished)
        {
            await FinishAsync(unfinished, cancellationToken);
        }

        var pending = new PendingRuntimeChange(change(state.State.Runtime), reason, idempotencyKey);
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
        var plants = PlantsOf(pending.Runtime).Union(alsoTell ?? []).Union(PlantsOf(state.State.Runtime)).Distinct().ToList();
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
        return new IdentityAtPlant(
            Id,
            state.State.Current?.Kind ?? IdentityKind.Unspecified,
            assignment?.Roles ?? [],
            assignment?.Shift,
            runtime.Locked,
            runtime.Trust,
            runtime.Mfa,
            runtime.Grants.Where(g => g.Plant == plant).ToList());
    }
}
