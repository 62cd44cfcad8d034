using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Plants;

/// <summary>The definition and its two-phase apply: stage (persisted, not visible), then commit.</summary>
public sealed partial class PlantGrain
{
    public async Task StageAsync(Guid applyId, PlantDefinition? staged, CancellationToken cancellationToken = default)
    {
        if (staged is not null && staged.Spec.Id != Id)
        {
            throw new ArgumentException($"Definition of plant '{staged.Spec.Id}' sent to plant '{Id}'.", nameof(staged));
        }

        definition.State.Stage(applyId, staged);
        await PersistOrForgetAsync(() => definition.WriteStateAsync(cancellationToken));
    }

    /// <remarks>
    /// The deltas are appended before the definition row is written: a crash in between leaves the stage in place,
    /// the fleet grain commits again, and the keyed deltas are found instead of appended twice.
    /// </remarks>
    public Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default) =>
        PersistOrForgetAsync(() => CommitStagedAsync(applyId, cancellationToken));

    private async Task CommitStagedAsync(Guid applyId, CancellationToken cancellationToken)
    {
        if (!definition.State.TryGetStaged(applyId, $"Plant '{Id}'", out var next))
        {
            return;
        }

        var quarantinedBefore = runtime.State.Quarantines.Values.ToList();
        var definedBefore = definition.State.Current;
        if (next is not null && !SameDefinition(definition.State.Current, next))
        {
            await AppendAsync(new PlantDefinitionChanged(0, default, next.Spec, next.DefinedRoles, next.EffectivePolicy), $"{applyId}:definition", cancellationToken);
        }
        else
        {
            runtime.State.Quarantines.Clear();
        }

        await AppendIdentityChangesAsync(next, applyId, cancellationToken);
        runtime.State.BoundariesToldUntil ??= time.GetUtcNow();
        definition.State.Commit(applyId);
        definition.State.EnforcementPoints = null;
        await definition.WriteStateAsync(cancellationToken);
        await CheckpointAsync(cancellationToken);
        ForgetDerivedQueries();
        await ArmBoundaryReminderAsync(next);
        ScheduleNextBoundary();
        TellDroppedQuarantines(quarantinedBefore);
        TellVulnerabilityChanges(definedBefore, next);
        TellInventoryChanges(definedBefore, next);
    }

    /// <summary>
    /// Whether a new definition changes what a decision or a ruleset reads (the plant, the roles, the policy). An apply
    /// that only changes who is assigned here (an identity of another plant's document) appends identity deltas, not a
    /// second copy of a definition of megabytes.
    /// </summary>
    private static bool SameDefinition(PlantDefinition? current, PlantDefinition next) =>
        current is not null
        && ContentEquality.Same(current.Spec, next.Spec)
        && ContentEquality.Same(current.DefinedRoles, next.DefinedRoles)
        && ContentEquality.Same(current.EffectivePolicy, next.EffectivePolicy);

    /// <summary>
    /// After a definition change, tells the log which identities may now act here, with which roles and shift:
    /// runtime facts (lock, trust, MFA, grants) are kept, only the document's facts change.
    /// </summary>
    private async Task AppendIdentityChangesAsync(PlantDefinition? next, Guid applyId, CancellationToken cancellationToken)
    {
        var identities = runtime.State.Identities;
        var desired = new Dictionary<string, IdentityAtPlant>();
        foreach (var identity in next?.Identities ?? [])
        {
            var assignment = identity.Assignments.FirstOrDefault(a => a.Plant == Id);
            if (assignment is null)
            {
                continue;
            }

            var existing = identities.GetValueOrDefault(identity.Id.Value);
            desired[identity.Id.Value] = existing is null
                ? IdentityAtPlant.From(identity, Id)!
                : existing with { Kind = identity.Kind, Roles = assignment.Roles, Shift = assignment.Shift };
        }

        foreach (var (id, identity) in desired)
        {
            if (!ContentEquality.Same(identities.GetValueOrDefault(id), identity))
            {
                await AppendAsync(new IdentityChanged(0, default, identity, IdentityChangeReasons.Roles), $"{applyId}:{id}", cancellationToken);
            }
        }

        // An identity with no assignment left keeps acting here only through a grant of this plant.
        foreach (var (id, identity) in identities.ToList())
        {
            if (!desired.ContainsKey(id) && (next is null || identity.Grants.All(g => g.Plant != Id)))
            {
                await AppendAsync(new IdentityRemoved(0, default, identity.Id), $"{applyId}:{id}:removed", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs a change that alters the state in memory before it is written. If it fails, this activation holds what
    /// storage does not (a retried commit would answer "done" with nothing written), so it deactivates: the next call
    /// starts from storage and the log.
    /// </summary>
    private async Task PersistOrForgetAsync(Func<Task> change)
    {
        try
        {
            await change();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
