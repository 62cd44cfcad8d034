using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Propagation;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Zones;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <inheritdoc cref="IPlantGrain"/>
[GrainType("plant")]
public sealed class PlantGrain(
    [PersistentState("plant", ProviderNames.Storage)] IPersistentState<PlantGrainState> state,
    IDeltaLogStore deltaLog,
    ControlPlaneClock time,
    ILogger<PlantGrain> logger) : Grain, IPlantGrain, IRemindable
{
    private const int ReplayPage = 1000;
    private const string BoundaryReminder = "shift-boundaries";

    /// <summary>How far back boundaries are still told after a long absence: older ones changed nothing anymore.</summary>
    private static readonly TimeSpan BoundaryLookBack = TimeSpan.FromDays(1);

    private IGrainTimer? _boundaryTimer;

    private IReadOnlyList<RankedAsset>? _ranking;

    private PlantId Id => PlantId.Parse(this.GetPrimaryKeyString());

    /// <summary>
    /// The delta log is appended before this grain's state is written, so after a crash the log can be ahead:
    /// replay what the state missed before serving anything.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        while (true)
        {
            var records = await deltaLog.ReadAsync(Id.Value, state.State.Epoch, ReplayPage, cancellationToken);
            foreach (var record in records)
            {
                Absorb(DeltaSerializer.FromRecord(record));
                state.State.Epoch = record.Epoch;
                replayed++;
            }

            if (records.Count < ReplayPage)
            {
                break;
            }
        }

        if (replayed > 0)
        {
            logger.LogWarning("Plant {Plant} state was {Count} deltas behind its log; reconciled to epoch {Epoch}", Id, replayed, state.State.Epoch);
            await state.WriteStateAsync(cancellationToken);
        }

        ScheduleNextBoundary();
    }

    public async Task<long> EmitDueBoundariesAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current)
        {
            return state.State.Epoch;
        }

        var now = time.GetUtcNow();
        var from = state.State.BoundariesToldUntil is { } told && told > now - BoundaryLookBack ? told : now - BoundaryLookBack;
        foreach (var boundary in PlantBoundaries.Between(current.Spec, current.EffectivePolicy, from, now))
        {
            await AppendAsync(
                new ShiftBoundary(0, default, boundary.Calendar, boundary.At, boundary.Starts),
                $"boundary:{boundary.Calendar}:{boundary.At.UtcTicks}:{(boundary.Starts ? "start" : "end")}",
                cancellationToken);
        }

        state.State.BoundariesToldUntil = now;
        await state.WriteStateAsync(cancellationToken);
        ScheduleNextBoundary();
        return state.State.Epoch;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == BoundaryReminder ? EmitDueBoundariesAsync() : Task.CompletedTask;

    /// <summary>Arms a one-shot timer for the next boundary (at most an hour ahead; it re-arms itself).</summary>
    private void ScheduleNextBoundary()
    {
        _boundaryTimer?.Dispose();
        _boundaryTimer = null;
        if (state.State.Current is not { } current)
        {
            return;
        }

        var now = time.GetUtcNow();
        var next = PlantBoundaries.Between(current.Spec, current.EffectivePolicy, now, now + TimeSpan.FromDays(8)).Select(b => (DateTimeOffset?)b.At).FirstOrDefault();
        var due = next is { } at ? at - now : TimeSpan.FromHours(1);
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : due;
        _boundaryTimer = this.RegisterGrainTimer(
            ct => EmitDueBoundariesAsync(ct),
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    public async Task<long> UpdateIdentityAsync(IdentityAtPlant identity, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var epoch = await AppendAsync(new IdentityChanged(0, default, identity, reason), idempotencyKey, cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        return epoch;
    }

    public async Task<long> SetQuarantineAsync(AssetQuarantine quarantine, string? supersedes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quarantine);
        if (state.State.Current is not { } current)
        {
            throw new InvalidOperationException($"Plant '{Id}' has no definition.");
        }

        var next = QuarantineRules.PutInForce(state.State.Quarantines.Values, current.Spec, quarantine, supersedes, out var refusal)
            ?? throw new InvalidOperationException(refusal);
        var epoch = await AppendAsync(new QuarantineChanged(0, default, next), $"quarantine:{quarantine.Id}:in-force", cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        return epoch;
    }

    public async Task<long> LiftQuarantineAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default)
    {
        // Appended even when the plant no longer holds it: a retry finds the first lift by its key and gets its
        // epoch; otherwise (the asset left the definition meanwhile) the unchanged set is harmless.
        var next = state.State.Current is { } current
            ? QuarantineRules.Lift(state.State.Quarantines.Values, current.Spec, asset, quarantineId)
            : Sorted(state.State.Quarantines.Values);
        var epoch = await AppendAsync(new QuarantineChanged(0, default, next), $"quarantine:{quarantineId}:lifted", cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        return epoch;
    }

    public Task<PlantQuarantines> GetQuarantinesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new PlantQuarantines(Sorted(state.State.Quarantines.Values), state.State.Epoch));

    public Task<PlantSnapshotData?> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current is { } current
            ? new PlantSnapshotData(
                current,
                state.State.Identities.Values.OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList(),
                state.State.Epoch,
                Sorted(state.State.Quarantines.Values),
                state.State.SegmentationEpoch)
            : null);

    private static List<AssetQuarantine> Sorted(IEnumerable<AssetQuarantine> quarantines) =>
        quarantines.OrderBy(q => q.Asset.Value, StringComparer.Ordinal).ToList();

    public Task<IReadOnlyList<DeltaRecord>> ReadDeltasAsync(long afterEpoch, int limit, CancellationToken cancellationToken = default) =>
        deltaLog.ReadAsync(Id.Value, afterEpoch, Math.Clamp(limit, 1, 10_000), cancellationToken);

    public Task<long> GetEpochAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Epoch);

    public async Task RegisterEnforcementPointAsync(EnforcementPointId enforcementPoint, CancellationToken cancellationToken = default)
    {
        if (!state.State.EnforcementPoints.Contains(enforcementPoint))
        {
            state.State.EnforcementPoints.Add(enforcementPoint);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<EnforcementPointId>> ListEnforcementPointsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EnforcementPointId>>(state.State.EnforcementPoints.ToList());

    /// <summary>
    /// Gives <paramref name="delta"/> the next epoch, stores it in the delta log (durable before anyone is told),
    /// absorbs it into this grain's state (not yet written: the caller writes once), then publishes it.
    /// A command retried with the same key finds its first epoch and changes nothing.
    /// </summary>
    private async Task<long> AppendAsync(PlantDelta delta, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var stamped = delta with { Epoch = state.State.Epoch + 1, At = time.GetUtcNow() };
        var record = DeltaSerializer.ToRecord(stamped, idempotencyKey);
        DeltaAppendResult result;
        try
        {
            result = await deltaLog.AppendAsync(Id.Value, record, cancellationToken);
        }
        catch (DeltaEpochConflictException)
        {
            // Another activation wrote this epoch: this one is stale. Deactivate so the next call re-reads the log.
            DeactivateOnIdle();
            throw;
        }

        if (result.Duplicate)
        {
            return result.Epoch;
        }

        Absorb(stamped);
        state.State.Epoch = stamped.Epoch;
        await PublishAsync(record);
        return stamped.Epoch;
    }

    /// <summary>
    /// Applies a delta to this grain's own view (identities, quarantines); definitions themselves arrive through
    /// commits, but a definition drops the quarantines of assets it no longer has (as the pure snapshot does).
    /// </summary>
    private void Absorb(PlantDelta delta)
    {
        switch (delta)
        {
            case PlantDefinitionChanged definition:
                state.State.Quarantines = QuarantineRules.InForce(state.State.Quarantines.Values, definition.Plant)
                    .ToDictionary(q => q.Asset.Value, StringComparer.Ordinal);

                state.State.SegmentationEpoch = definition.Epoch;
                break;
            case QuarantineChanged quarantines:
                state.State.Quarantines = (quarantines.Quarantines ?? []).ToDictionary(q => q.Asset.Value, StringComparer.Ordinal);
                state.State.SegmentationEpoch = quarantines.Epoch;
                break;
            case IdentityChanged changed:
                state.State.Identities[changed.Identity.Id.Value] = changed.Identity;
                break;
            case IdentityRemoved removed:
                state.State.Identities.Remove(removed.Identity.Value);
                break;
        }
    }

    private async Task PublishAsync(DeltaRecord record)
    {
        try
        {
            // A whole plant definition (megabytes for a large plant) does not fit a stream message: readers get a
            // notice with the epoch and read the delta itself from the log.
            var streamed = record.Payload.Length > DeltaStreams.MaxPayloadLength ? record with { Payload = string.Empty } : record;
            await this.GetStreamProvider(ProviderNames.PlantDeltaStreams).GetStream<DeltaRecord>(DeltaStreams.For(Id)).OnNextAsync(streamed);
        }
        catch (Exception ex)
        {
            // The log already holds it; views and enforcement points catch up from there.
            logger.LogWarning(ex, "Publishing delta {Epoch} of plant {Plant} failed; readers will catch up from the log", record.Epoch, Id);
        }
    }

    public async Task StageAsync(Guid applyId, PlantDefinition? definition, CancellationToken cancellationToken = default)
    {
        if (definition is not null && definition.Spec.Id != Id)
        {
            throw new ArgumentException($"Definition of plant '{definition.Spec.Id}' sent to plant '{Id}'.", nameof(definition));
        }

        state.State.StagedApplyId = applyId;
        state.State.Staged = definition;
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default)
    {
        if (state.State.LastCommittedApplyId == applyId)
        {
            return;
        }

        if (state.State.StagedApplyId != applyId)
        {
            throw new InvalidOperationException($"Plant '{Id}' has nothing staged under apply {applyId}.");
        }

        var previous = state.State.Current;
        var next = state.State.Staged;

        // Children first, then our own state: a crash in between leaves the stage in place and the fleet grain
        // commits again, which re-sends the same (idempotent) facts.
        await TellZonesAsync(previous?.Spec, next?.Spec, cancellationToken);
        await TellAssetsAsync(previous?.Spec, next?.Spec, cancellationToken);

        state.State.Current = next;
        state.State.Staged = null;
        state.State.StagedApplyId = null;
        state.State.LastCommittedApplyId = applyId;
        var quarantinedBefore = state.State.Quarantines.Values.ToList();
        if (next is not null)
        {
            await AppendAsync(new PlantDefinitionChanged(0, default, next.Spec, next.DefinedRoles, next.EffectivePolicy), $"{applyId}:definition", cancellationToken);
        }
        else
        {
            state.State.Quarantines.Clear();
        }

        await AppendIdentityChangesAsync(next, applyId, cancellationToken);
        state.State.BoundariesToldUntil ??= time.GetUtcNow();
        await state.WriteStateAsync(cancellationToken);
        _ranking = null;
        await ArmBoundaryReminderAsync(next);
        ScheduleNextBoundary();
        TellDroppedQuarantines(quarantinedBefore);
    }

    /// <summary>
    /// The workflows of quarantines a definition dropped (their asset is gone) learn of it one-way: a workflow may be
    /// calling this grain right now, and this grain's state, not theirs, is what enforcement reads.
    /// </summary>
    private void TellDroppedQuarantines(IReadOnlyList<AssetQuarantine> before)
    {
        foreach (var dropped in before.Where(q => !state.State.Quarantines.ContainsKey(q.Asset.Value)))
        {
            _ = GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(Id, dropped.Id)).AssetRemovedAsync(state.State.SegmentationEpoch);
        }
    }

    public Task<PlantDefinition?> GetDefinitionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current);

    public Task<AssetPage> QueryAssetsAsync(AssetFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current)
        {
            return Task.FromResult(new AssetPage(0, []));
        }

        var matches = AssetQuery.Filter(current.Spec, filter).OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
        var page = matches.Skip(Math.Max(0, offset)).Take(Math.Max(0, limit)).ToList();
        return Task.FromResult(new AssetPage(matches.Count, page));
    }

    public Task<IReadOnlyList<RankedAsset>> RankAssetsAsync(int top, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current)
        {
            return Task.FromResult<IReadOnlyList<RankedAsset>>([]);
        }

        _ranking ??= CriticalityRanking.Rank(current.Spec, current.Identities);
        return Task.FromResult<IReadOnlyList<RankedAsset>>(_ranking.Take(Math.Max(0, top)).ToList());
    }

    public Task<BlastRadiusResult?> GetBlastRadiusAsync(AssetId asset, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current || current.Spec.Assets.All(a => a.Id != asset))
        {
            return Task.FromResult<BlastRadiusResult?>(null);
        }

        return Task.FromResult<BlastRadiusResult?>(BlastRadius.Compute(current.Spec, asset));
    }

    private async Task TellZonesAsync(PlantSpec? previous, PlantSpec? next, CancellationToken cancellationToken)
    {
        var before = previous is null ? new Dictionary<ZoneId, ZoneState>() : ZoneStates(previous);
        var after = next is null ? new Dictionary<ZoneId, ZoneState>() : ZoneStates(next);
        var updates = new List<(ZoneId Zone, ZoneState? State)>();
        foreach (var (zone, zoneState) in after)
        {
            if (!before.TryGetValue(zone, out var old) || !ContentEquality.Same(old, zoneState))
            {
                updates.Add((zone, zoneState));
            }
        }

        updates.AddRange(before.Keys.Where(zone => !after.ContainsKey(zone)).Select(zone => (zone, (ZoneState?)null)));
        await FanOut.RunAsync(updates, u => GrainFactory.GetGrain<IZoneGrain>(GrainKeys.Zone(Id, u.Zone)).SetAsync(u.State, cancellationToken));
    }

    private async Task TellAssetsAsync(PlantSpec? previous, PlantSpec? next, CancellationToken cancellationToken)
    {
        var before = previous?.Assets.ToDictionary(a => a.Id) ?? [];
        var after = next?.Assets ?? [];
        var afterIds = after.Select(a => a.Id).ToHashSet();
        var updates = new List<(AssetId Asset, AssetSpec? Facts)>();
        foreach (var asset in after)
        {
            if (!before.TryGetValue(asset.Id, out var old) || !ContentEquality.Same(old, asset))
            {
                updates.Add((asset.Id, asset));
            }
        }

        updates.AddRange(before.Keys.Where(id => !afterIds.Contains(id)).Select(id => (id, (AssetSpec?)null)));
        await FanOut.RunAsync(updates, u => GrainFactory.GetGrain<IAssetGrain>(GrainKeys.Asset(Id, u.Asset)).SetFactsAsync(u.Facts, cancellationToken));
    }

    private static Dictionary<ZoneId, ZoneState> ZoneStates(PlantSpec plant)
    {
        var members = plant.Assets.ToLookup(a => a.Zone, a => a.Id);
        return plant.Zones.ToDictionary(
            z => z.Id,
            z => new ZoneState(
                plant.Id,
                z,
                members[z.Id].OrderBy(id => id.Value, StringComparer.Ordinal).ToList(),
                plant.Conduits.Where(c => c.From == z.Id || c.To == z.Id).ToList()));
    }

    /// <summary>
    /// After a definition change, tells the log which identities may now act here, with which roles and shift:
    /// runtime facts (lock, trust, MFA, grants) are kept, only the document's facts change.
    /// </summary>
    private async Task AppendIdentityChangesAsync(PlantDefinition? next, Guid applyId, CancellationToken cancellationToken)
    {
        var desired = new Dictionary<string, IdentityAtPlant>();
        foreach (var identity in next?.Identities ?? [])
        {
            var assignment = identity.Assignments.FirstOrDefault(a => a.Plant == Id);
            if (assignment is null)
            {
                continue;
            }

            var existing = state.State.Identities.GetValueOrDefault(identity.Id.Value);
            desired[identity.Id.Value] = existing is null
                ? IdentityAtPlant.From(identity, Id)!
                : existing with { Kind = identity.Kind, Roles = assignment.Roles, Shift = assignment.Shift };
        }

        foreach (var (id, identity) in desired)
        {
            if (!ContentEquality.Same(state.State.Identities.GetValueOrDefault(id), identity))
            {
                await AppendAsync(new IdentityChanged(0, default, identity, IdentityChangeReasons.Roles), $"{applyId}:{id}", cancellationToken);
            }
        }

        // An identity with no assignment left keeps acting here only through a grant of this plant.
        foreach (var (id, identity) in state.State.Identities.ToList())
        {
            if (!desired.ContainsKey(id) && (next is null || identity.Grants.All(g => g.Plant != Id)))
            {
                await AppendAsync(new IdentityRemoved(0, default, identity.Id), $"{applyId}:{id}:removed", cancellationToken);
            }
        }
    }

    /// <summary>The durable backstop of the boundary timer: only plants with shifts or windows need it.</summary>
    private async Task ArmBoundaryReminderAsync(PlantDefinition? definition)
    {
        var needed = definition is not null && (definition.Spec.Shifts.Count > 0 || definition.Spec.DefinedMaintenanceWindows.Count > 0);
        var existing = await this.GetReminder(BoundaryReminder);
        if (needed && existing is null)
        {
            await this.RegisterOrUpdateReminder(BoundaryReminder, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        }
        else if (!needed && existing is not null)
        {
            await this.UnregisterReminder(existing);
        }
    }
}
