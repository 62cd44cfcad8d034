using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Response.Cacao;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <inheritdoc cref="IFleetGrain"/>
/// <remarks>
/// <para>
/// Applying is a two-phase change. Every plant and identity that changes first stages its new state (persisted,
/// not visible). Only when all have staged does this grain persist the decision (<see cref="PendingApply"/>) and
/// ask each to commit. A failure while staging changes nothing visible, so a document is applied completely or not
/// at all.
/// </para>
/// <para>
/// A decided apply always finishes, without waiting for a caller or the next activation: a commit round that leaves
/// any plant or identity uncommitted is retried by a grain timer with back-off (<see cref="FleetCommitOptions"/>)
/// while the activation lives, and a reminder registered before the decision is the durable backstop that brings
/// the grain back after a crash. Commits are idempotent per apply id, so a round re-sends only what has not
/// answered yet. One apply commits at a time: while one is pending the same document returns it, a different one
/// is refused (<see cref="FleetApplyRefusals.Committing"/>), so plants never hold a mix of two documents.
/// </para>
/// <para>
/// Every decided apply is a fleet version (<see cref="IFleetVersionStore"/>, docs/fleet-versions.md), kept in its
/// own store, not in this state. Its row is staged (invisible) before the decision and recorded by the commit round,
/// which does not let the apply stop being pending until the record is written: a decided apply always ends with its
/// version, one that was never decided never has one, and a crash in between is finished by the same retries.
/// </para>
/// </remarks>
[GrainType("fleet")]
public sealed class FleetGrain(
    [PersistentState("fleet", ProviderNames.Storage)] IPersistentState<FleetGrainState> state,
    IOptions<FleetCommitOptions> commitOptions,
    IFleetVersionStore versions,
    ControlPlaneClock time,
    ILogger<FleetGrain> logger) : Grain, IFleetGrain, IRemindable
{
    private const string CommitReminder = "apply-commit";

    private readonly FleetCommitOptions _options = commitOptions.Value;

    /// <summary>Participants of the pending apply that answered its commit (in this activation).</summary>
    private readonly HashSet<PlantId> _committedPlants = [];
    private readonly HashSet<IdentityId> _committedIdentities = [];

    /// <summary>Whether the pending apply's fleet version has been recorded (in this activation).</summary>
    private bool _versionRecorded;

    /// <summary>The current fleet, gathered once per activation and kept up to date by applies.</summary>
    private FleetDocument? _current;

    /// <summary>The part hashes of <see cref="_current"/>'s document once an apply has rendered it (docs/fleet-versions.md).</summary>
    private FleetDocumentPartIndex? _parts;

    private IGrainTimer? _retryTimer;
    private TimeSpan _retryDelay;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending is { } pending)
        {
            // Not awaited here: a commit that keeps failing must not keep the fleet from activating (and answering
            // its status); the timer drives it from now on.
            logger.LogWarning("Apply {ApplyId} was decided before the last deactivation; committing it", pending.ApplyId);
            ScheduleRetry(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<FleetApplyResult> ApplyAsync(FleetDocument desired, FleetApplyOptions options, CancellationToken cancellationToken = default)
    {
        var pending = state.State.Pending;
        var current = await CurrentAsync(cancellationToken);
        var changes = FleetDiff.Compute(current, desired, options.Prune);
        var resulting = FleetDiff.ApplyTo(current, desired, options.Prune);
        var violations = FleetDocumentValidator.Validate(resulting, null, null, options.Validation);
        if (violations.Count > 0)
        {
            return new FleetApplyResult(false, state.State.Generation, changes, violations);
        }

        if (options.DryRun)
        {
            return new FleetApplyResult(false, state.State.Generation, changes, []);
        }

        if (changes.Count == 0 && resulting.Name == current.Name && ContentEquality.Same(resulting.EffectivePolicy, current.EffectivePolicy)
            && ContentEquality.Same(resulting.EffectiveTrust, current.EffectiveTrust)
            && ContentEquality.Same(resulting.EffectiveResponse, current.EffectiveResponse)
            && ContentEquality.Same(resulting.EffectiveCompliance, current.EffectiveCompliance))
        {
            // The document is what the fleet holds (or what the pending apply is committing): a retry of that apply
            // learns it is on its way instead of "no changes" while plants still hold the old document.
            return pending is null
                ? new FleetApplyResult(false, state.State.Generation, changes, [], null, FleetApplyState.Committed)
                : new FleetApplyResult(true, state.State.Generation, [], [], pending.ApplyId, FleetApplyState.Committing, VersionOf(pending));
        }

        if (pending is not null)
        {
            throw FleetApplyRefusals.Committing(pending.ApplyId);
        }

        // The policy in force decides, and so does the document that turns it on: nobody turns it on without saying why.
        var reasonRequired = current.EffectivePolicy.RequireChangeReason || resulting.EffectivePolicy.RequireChangeReason;
        var notes = ChangeNote.Check(options.Reason, options.Ticket, reasonRequired, "the fleet's policy sets requireChangeReason; say why the fleet changes");
        if (notes.Count > 0)
        {
            throw new InvalidRequestException($"{notes[0].Field} {notes[0].Description}; nothing was applied.", notes);
        }

        var applyId = Guid.NewGuid();
        var plantChanges = PlantDefinitions(resulting);
        var currentPlants = PlantDefinitions(current);
        var plantsToStage = new List<(PlantId Plant, PlantDefinition? Definition)>();
        foreach (var (plant, definition) in plantChanges)
        {
            if (!currentPlants.TryGetValue(plant, out var before) || !ContentEquality.Same(before, definition))
            {
                plantsToStage.Add((plant, definition));
            }
        }

        plantsToStage.AddRange(currentPlants.Keys.Where(p => !plantChanges.ContainsKey(p)).Select(p => (p, (PlantDefinition?)null)));

        var currentIdentities = current.Identities.ToDictionary(i => i.Id);
        var resultingIds = resulting.Identities.Select(i => i.Id).ToHashSet();
        var identitiesToStage = resulting.Identities
            .Where(i => !currentIdentities.TryGetValue(i.Id, out var before) || !ContentEquality.Same(before, i))
            .Select(i => (i.Id, (IdentitySpec?)i))
            .Concat(currentIdentities.Keys.Where(id => !resultingIds.Contains(id)).Select(id => (id, (IdentitySpec?)null)))
            .ToList();

        await FanOut.RunAsync(plantsToStage, p => GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(p.Plant)).StageAsync(applyId, p.Definition, cancellationToken));
        await FanOut.RunAsync(identitiesToStage, i => GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(i.Item1)).StageAsync(applyId, i.Item2, cancellationToken));

        // The backstop exists before the decision does: a crash right after deciding must still bring this grain
        // back to finish. A reminder that finds nothing pending unregisters itself.
        await this.RegisterOrUpdateReminder(CommitReminder, _options.ReminderPeriod, _options.ReminderPeriod);

        // The version is staged before the decision too (invisible until the commit round records it).
        var version = state.State.Generation + 1;
        var parts = await StageVersionAsync(applyId, version, resulting, changes, options, plantsToStage.Select(p => p.Plant), identitiesToStage.Select(i => i.Item1));

        pending = new PendingApply(applyId, plantsToStage.Select(p => p.Plant).ToList(), identitiesToStage.Select(i => i.Item1).ToList(), version);
        await DecideAsync(current, resulting, pending);
        _current = resulting;
        _parts = parts;

        // From here on the caller's cancellation no longer matters: the apply is decided and will be committed.
        var committed = await CommitRoundAsync();
        if (!committed)
        {
            ScheduleRetry();
        }

        logger.LogInformation(
            "Fleet generation {Generation} applied by {Actor} as {ApplyId} ({State}): {Changes} changes over {Plants} plants and {Identities} identities",
            state.State.Generation, options.Actor, applyId, committed ? "committed" : "committing", changes.Count, pending.Plants.Count, pending.Identities.Count);
        return new FleetApplyResult(true, state.State.Generation, changes, [], applyId, committed ? FleetApplyState.Committed : FleetApplyState.Committing, version);
    }

    /// <summary>
    /// Stages the fleet version an apply will be once decided: the resulting fleet's document as its ordered part
    /// hashes, with the texts of the parts this apply rendered that the last version did not have. Only the head, the
    /// plants and the identity chunks the apply changes are rendered (<see cref="FleetDocumentPartIndex"/>); the first
    /// apply of an activation renders the whole fleet once. Returns the index to keep once the apply is decided.
    /// </summary>
    private async Task<FleetDocumentPartIndex> StageVersionAsync(
        Guid applyId, long number, FleetDocument resulting, IReadOnlyList<EntityChange> changes, FleetApplyOptions options,
        IEnumerable<PlantId> plants, IEnumerable<IdentityId> identities)
    {
        var (index, rendered) = _parts is null ? FleetDocumentPartIndex.Build(resulting) : _parts.Update(resulting, plants, identities);
        var known = _parts?.Hashes.ToHashSet(StringComparer.Ordinal) ?? [];
        var newParts = rendered.Where(p => !known.Contains(p.Hash)).DistinctBy(p => p.Hash).ToList();
        var version = new FleetVersion(
            number,
            applyId,
            index.Root,
            options.Actor,
            time.GetUtcNow(),
            ChangeNote.Normalize(options.Reason),
            ChangeNote.Normalize(options.Ticket),
            options.Source,
            options.RollbackOf,
            changes.Count(c => c.Change == ChangeKind.Added),
            changes.Count(c => c.Change == ChangeKind.Changed),
            changes.Count(c => c.Change == ChangeKind.Removed));
        await versions.StageAsync(version, index.Hashes, newParts, CancellationToken.None);
        return index;
    }

    private static long? VersionOf(PendingApply pending) => pending.Version > 0 ? pending.Version : null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CommitReminder)
        {
            return;
        }

        if (state.State.Pending is null)
        {
            await StopDrivingAsync();
        }
        else if (!await CommitRoundAsync())
        {
            ScheduleRetry();
        }
    }

    public Task<FleetApplyStatus?> GetApplyStatusAsync(Guid applyId, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Applies.LastOrDefault(a => a.ApplyId == applyId));

    public async Task<FleetDocument> ExportAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await CurrentAsync(cancellationToken);
        }
        catch (ConflictException ex) when (FleetApplyRefusals.ApplyIdOf(ex) is { } applyId)
        {
            // A read is not refused for good: the document is on its way.
            throw FleetApplyRefusals.StillCommitting(applyId);
        }
    }

    public Task<ResponseSettings> GetResponseSettingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Response ?? ResponseSettings.Default);

    public Task<ComplianceSettings> GetComplianceSettingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Compliance ?? ComplianceSettings.Default);

    public Task<IReadOnlyList<PlaybookStamp>> GetPlaybookStampsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PlaybookStamp>>(state.State.PlaybookStamps.ToList());

    public Task<FleetOverview> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new FleetOverview(state.State.Name, state.State.Generation, state.State.Plants.ToList(), state.State.Identities.ToList(), state.State.Pending?.ApplyId));

    /// <summary>Persists the decision: the resulting registry, the pending apply and its status, all in one write.</summary>
    private async Task DecideAsync(FleetDocument current, FleetDocument resulting, PendingApply pending)
    {
        var before = (state.State.Name, state.State.Roles, state.State.Policy, state.State.Trust, state.State.Response, state.State.Compliance, state.State.Generation, state.State.Plants, state.State.Identities, Applies: state.State.Applies.ToList());
        var stampsBefore = state.State.PlaybookStamps;
        var now = time.GetUtcNow();
        state.State.PlaybookStamps = PlaybookStamps.Update(stampsBefore, current.EffectiveResponse, resulting.EffectiveResponse, now).ToList();
        state.State.Name = resulting.Name;
        state.State.Roles = resulting.DefinedRoles.ToList();
        state.State.Policy = resulting.Policy;
        state.State.Trust = resulting.Trust;
        state.State.Response = resulting.Response;
        state.State.Compliance = resulting.Compliance;
        state.State.Generation++;
        state.State.Plants = resulting.Plants.Select(p => p.Id).ToList();
        state.State.Identities = resulting.Identities.Select(i => i.Id).ToList();
        state.State.Pending = pending;
        state.State.Applies.Add(new FleetApplyStatus(
            pending.ApplyId, FleetApplyState.Committing, state.State.Generation, pending.Plants, 0, pending.Identities.Count, 0, null, now, now));
        if (state.State.Applies.Count > _options.StatusesKept)
        {
            state.State.Applies.RemoveRange(0, state.State.Applies.Count - _options.StatusesKept);
        }

        try
        {
            await state.WriteStateAsync(CancellationToken.None);
        }
        catch
        {
            // Not decided: memory goes back to what storage holds. The stages stay invisible and the next apply
            // replaces them.
            (state.State.Name, state.State.Roles, state.State.Policy, state.State.Trust, state.State.Response, state.State.Compliance, state.State.Generation, state.State.Plants, state.State.Identities, state.State.Applies) = before;
            state.State.PlaybookStamps = stampsBefore;
            state.State.Pending = null;
            throw;
        }

        _committedPlants.Clear();
        _committedIdentities.Clear();
        _versionRecorded = false;
        _retryDelay = TimeSpan.Zero;
    }

    /// <summary>
    /// Asks every participant of the pending apply that has not answered yet to commit it; once all have, records
    /// the apply as committed and stops the timer and the reminder. True when nothing is pending any more.
    /// </summary>
    /// <remarks>
    /// Never takes a caller's cancellation: a decided apply is finished whoever asked for it. Each participant's
    /// failure is caught on its own, so one plant that cannot commit does not hold back the others.
    /// </remarks>
    private async Task<bool> CommitRoundAsync()
    {
        if (state.State.Pending is not { } pending)
        {
            return true;
        }

        var failed = new List<string>();
        if (pending.Version > 0 && !_versionRecorded)
        {
            // Idempotent: after a crash the round records again what may already be recorded.
            try
            {
                await versions.RecordAsync(pending.ApplyId, CancellationToken.None);
                _versionRecorded = true;
            }
            catch (Exception ex)
            {
                failed.Add($"fleet version {pending.Version}");
                logger.LogWarning(ex, "Apply {ApplyId}: fleet version {Version} not recorded; retrying", pending.ApplyId, pending.Version);
            }
        }

        await FanOut.RunAsync(
            pending.Plants.Where(p => !_committedPlants.Contains(p)).ToList(),
            async p =>
            {
                var grain = GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(p));
                try
                {
                    await grain.CommitAsync(pending.ApplyId, CancellationToken.None);
                    _committedPlants.Add(p);
                }
                catch (Exception ex)
                {
                    failed.Add($"plant '{p}'");
                    logger.LogWarning(ex, "Apply {ApplyId}: plant {Plant} did not commit; retrying", pending.ApplyId, p);
                }
            });
        await FanOut.RunAsync(
            pending.Identities.Where(i => !_committedIdentities.Contains(i)).ToList(),
            async i =>
            {
                var grain = GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(i));
                try
                {
                    await grain.CommitAsync(pending.ApplyId, CancellationToken.None);
                    _committedIdentities.Add(i);
                }
                catch (Exception ex)
                {
                    failed.Add($"identity '{i}'");
                    logger.LogWarning(ex, "Apply {ApplyId}: identity {Identity} did not commit; retrying", pending.ApplyId, i);
                }
            });

        if (failed.Count > 0)
        {
            // Short and free of exception text: it reaches API callers. The log has the details.
            UpdateStatus(pending, FleetApplyState.Committing, $"{failed.Count} not committed yet (first: {failed[0]}); retrying.");
            return false;
        }

        state.State.Pending = null;
        UpdateStatus(pending, FleetApplyState.Committed, null);
        try
        {
            await state.WriteStateAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Every participant holds the apply; only the record of it is missing. Keep it pending (as storage
            // does) and write again on the next round.
            state.State.Pending = pending;
            UpdateStatus(pending, FleetApplyState.Committing, "Every plant and identity committed; recording it failed; retrying.");
            logger.LogWarning(ex, "Apply {ApplyId}: committed everywhere, but recording it failed; retrying", pending.ApplyId);
            return false;
        }

        logger.LogInformation("Apply {ApplyId} committed by every plant and identity", pending.ApplyId);
        await StopDrivingAsync();
        return true;
    }

    private void UpdateStatus(PendingApply pending, FleetApplyState applyState, string? error)
    {
        var index = state.State.Applies.FindLastIndex(a => a.ApplyId == pending.ApplyId);
        if (index < 0)
        {
            return;
        }

        state.State.Applies[index] = state.State.Applies[index] with
        {
            State = applyState,
            PlantsCommitted = pending.Plants.Count(_committedPlants.Contains),
            IdentitiesCommitted = pending.Identities.Count(_committedIdentities.Contains),
            LastError = error,
            UpdatedAt = time.GetUtcNow(),
        };
    }

    /// <summary>Arms the one-shot retry timer: <paramref name="due"/>, or the back-off (doubling up to the maximum).</summary>
    private void ScheduleRetry(TimeSpan? due = null)
    {
        _retryDelay = _retryDelay == TimeSpan.Zero
            ? _options.InitialRetryDelay
            : TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        var dueTime = due ?? _retryDelay;
        if (_retryTimer is null)
        {
            _retryTimer = this.RegisterGrainTimer(
                async _ =>
                {
                    if (!await CommitRoundAsync())
                    {
                        ScheduleRetry();
                    }
                },
                new GrainTimerCreationOptions { DueTime = dueTime, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }
        else
        {
            _retryTimer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task StopDrivingAsync()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        _retryDelay = TimeSpan.Zero;
        try
        {
            if (await this.GetReminder(CommitReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // Harmless: the next tick finds nothing pending and tries again.
            logger.LogWarning(ex, "Could not unregister the apply reminder; its next tick will");
        }
    }

    private async Task<FleetDocument> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            return _current;
        }

        if (state.State.Pending is { } pending)
        {
            // Gathered now, the plants would give a mix of the old and the new document: wait for the commit.
            throw FleetApplyRefusals.Committing(pending.ApplyId);
        }

        _parts = null;
        var plants = new PlantSpec?[state.State.Plants.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, plants.Length).ToList(),
            async i => plants[i] = (await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(state.State.Plants[i])).GetDefinitionAsync(cancellationToken))?.Spec);
        var identities = new IdentitySpec?[state.State.Identities.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, identities.Length).ToList(),
            async i => identities[i] = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(state.State.Identities[i])).GetAsync(cancellationToken));

        _current = new FleetDocument(
            state.State.Name,
            plants.OfType<PlantSpec>().ToList(),
            identities.OfType<IdentitySpec>().ToList(),
            state.State.Roles,
            state.State.Policy,
            state.State.Trust,
            state.State.Response,
            state.State.Compliance);
        return _current;
    }

    /// <summary>Each plant with the identities assigned to it: what a plant grain holds.</summary>
    private static Dictionary<PlantId, PlantDefinition> PlantDefinitions(FleetDocument fleet) =>
        fleet.Plants.ToDictionary(
            p => p.Id,
            p => new PlantDefinition(
                p,
                fleet.Identities.Where(i => i.Assignments.Any(a => a.Plant == p.Id)).OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList(),
                fleet.DefinedRoles,
                fleet.EffectivePolicy,
                fleet.Trust,
                fleet.Response is { } response ? PlaybookScope.ForPlant(response, p.Id) : null));
}
