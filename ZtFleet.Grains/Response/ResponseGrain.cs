using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;
using ZtFleet.Grains.Access;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Response;

/// <inheritdoc cref="IResponseGrain"/>
/// <remarks>
/// <para>
/// Implicitly subscribed to <c>detections/{plantId}</c>: the first detection of a plant activates it. The stream is
/// the fast path; every detection carries the plant's revision, so a gap (a message lost when a silo died) is filled
/// from the store (<see cref="IPlantMonitorGrain.ChangedAfterAsync"/>), and a reminder every minute catches up too.
/// </para>
/// <para>
/// The grain decides nothing: <see cref="ResponsePlanner"/> says which steps apply, which are asked for (approvers),
/// which are recommended; <see cref="QuarantineRules"/> says when a playbook's quarantine expires. Every step is
/// audited at the plant with actor <c>playbook:&lt;id&gt;</c> (or the person who applied it) and the detection and
/// incident in the detail, and appended to the export outbox as a <see cref="ExportKind.Remediation"/> record.
/// </para>
/// </remarks>
[GrainType("response")]
[ImplicitStreamSubscription(DetectionStreams.Namespace)]
public sealed partial class ResponseGrain(
    [PersistentState("response", ProviderNames.Storage)] IPersistentState<ResponseGrainState> state,
    IResponseSettingsSource settingsSource,
    IResponseWebhook webhook,
    IExportOutbox outbox,
    ControlPlaneClock time,
    ILogger<ResponseGrain> logger) : Grain, IResponseGrain, IRemindable, IStreamSubscriptionObserver
{
    /// <summary>Actions kept; beyond, the oldest closed ones are forgotten (the audit and the export keep them).</summary>
    public const int MaxActions = 2000;

    /// <summary>Detection ids remembered as handled.</summary>
    public const int MaxHandled = 5000;

    private const string RevertReminder = "revert";
    private const string CatchUpReminder = "catch-up";
    private const int CatchUpBatch = 500;

    private PlantId _plant;
    private HashSet<string> _handled = new(StringComparer.Ordinal);

    private IPlantMonitorGrain Monitor => GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(_plant));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _plant = PlantId.Parse(this.GetPrimaryKeyString());
        _handled = new HashSet<string>(state.State.Handled, StringComparer.Ordinal);
        await this.RegisterOrUpdateReminder(CatchUpReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<Detection>().ResumeAsync((detection, _) => OnDetectionAsync(detection));
    }

    public async Task HandleIncidentAsync(Incident incident, IReadOnlyList<IncidentRule> rules)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(rules);
        try
        {
            if (await RespondToIncidentAsync(incident, rules, CancellationToken.None))
            {
                await SaveAsync(CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The reminder's incident catch-up takes the incident again from the store.
            LogIncidentFailed(logger, ex, incident.Id);
        }
    }

    /// <summary>
    /// Runs the playbooks that <paramref name="rules"/> trigger for the incident at this plant, each rule once per
    /// incident (a rule already handled, from the correlator's call or from a catch-up, is not run again). True when
    /// the state changed.
    /// </summary>
    private async Task<bool> RespondToIncidentAsync(Incident incident, IReadOnlyList<IncidentRule> rules, CancellationToken cancellationToken)
    {
        if (incident.Status == IncidentStatus.Closed || !incident.Plants.Contains(_plant))
        {
            return false;
        }

        var fresh = rules.Where(r => !_handled.Contains(IncidentRuleKey(incident.Id, r))).ToList();
        if (fresh.Count == 0)
        {
            return false;
        }

        var settings = await settingsSource.GetAsync(cancellationToken);
        if (settings.Playbooks.Any(p => p.Trigger.IncidentRules.Any(fresh.Contains))
            && await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(_plant)).GetDefinitionAsync(cancellationToken) is { } definition)
        {
            await RespondAsync(settings, definition.Spec, ResponseTriggerEvent.Of(incident, _plant, fresh), cancellationToken);
        }

        // Handled once it ran: a failure before this point leaves the rules to the next catch-up.
        fresh.ForEach(r => Remember(IncidentRuleKey(incident.Id, r)));
        return true;
    }

    /// <summary>
    /// Takes from the incident store the incidents changed since the last catch-up and runs, for those of this plant,
    /// the incident rules that hold and were never handled here (an incident first seen counts as opened): what a
    /// correlator's call lost with its silo would have run. The first catch-up only places the cursor, so incidents
    /// older than the grain are not answered late.
    /// </summary>
    private async Task CatchUpIncidentsAsync(CancellationToken cancellationToken)
    {
        var correlator = GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet);
        if (state.State.IncidentCursor is not { } cursor)
        {
            state.State.IncidentCursor = await correlator.GetRevisionAsync(cancellationToken);
            await SaveAsync(cancellationToken);
            return;
        }

        var changedState = false;
        while (true)
        {
            var changed = await correlator.ChangedAfterAsync(cursor, CatchUpBatch, cancellationToken);
            foreach (var incident in changed)
            {
                IReadOnlyList<IncidentRule> holding = [IncidentRule.Opened, .. IncidentTriggers.Held(incident)];
                changedState |= await RespondToIncidentAsync(incident, holding, cancellationToken);
            }

            var next = changed.Select(i => i.Revision).DefaultIfEmpty(cursor).Max();
            if (next > cursor)
            {
                state.State.IncidentCursor = cursor = next;
                changedState = true;
            }

            if (changed.Count < CatchUpBatch)
            {
                break;
            }
        }

        if (changedState)
        {
            await SaveAsync(cancellationToken);
        }
    }

    private static string IncidentRuleKey(string incident, IncidentRule rule) => $"incident:{incident}:{rule}";

    public async Task<IReadOnlyList<ResponseAction>> HandleAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detections);
        var created = new List<ResponseAction>();
        var fresh = detections.Where(d => d.Plant == _plant && d.InForce && !_handled.Contains(d.Id)).ToList();
        if (fresh.Count > 0)
        {
            var settings = await settingsSource.GetAsync(cancellationToken);
            var definition = settings.Playbooks.Count == 0 ? null : await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(_plant)).GetDefinitionAsync(cancellationToken);
            foreach (var detection in fresh)
            {
                Remember(detection.Id);
                if (definition is not null)
                {
                    var trigger = ResponseTriggerEvent.Of(detection);
                    created.AddRange(await RespondAsync(settings, definition.Spec, trigger with { Incident = await IncidentOfAsync(detection) }, cancellationToken));
                }
            }
        }

        var last = detections.Where(d => d.Plant == _plant).Select(d => d.Revision).DefaultIfEmpty(0).Max();
        if (last > (state.State.Cursor ?? 0))
        {
            state.State.Cursor = last;
        }

        if (fresh.Count > 0 || created.Count > 0)
        {
            await SaveAsync(cancellationToken);
        }

        return created;
    }

    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await CatchUpDetectionsAsync(cancellationToken);
        await CatchUpIncidentsAsync(cancellationToken);
    }

    private async Task CatchUpDetectionsAsync(CancellationToken cancellationToken)
    {
        if (state.State.Cursor is not { } cursor)
        {
            return;
        }

        while (true)
        {
            var changed = await Monitor.ChangedAfterAsync(cursor, CatchUpBatch, cancellationToken);
            if (changed.Count == 0)
            {
                return;
            }

            await HandleAsync(changed, cancellationToken);
            if (changed.Count < CatchUpBatch || state.State.Cursor is not { } next || next <= cursor)
            {
                return;
            }

            cursor = next;
        }
    }

    public Task<IReadOnlyList<ResponseAction>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ResponseAction>>([.. Enumerable.Reverse(state.State.Actions)]);

    public Task<ResponseAction?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Actions.FirstOrDefault(a => a.Id == id));

    public async Task<ResponseAction> ApplyAsync(string id, string person, CancellationToken cancellationToken = default)
    {
        var action = Require(id);
        if (action.Status != ResponseActionStatus.Proposed)
        {
            throw new PreconditionFailedException($"Response action '{id}' is {Spell(action.Status)}: only a proposed one can be applied.");
        }

        var definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(_plant)).GetDefinitionAsync(cancellationToken)
            ?? throw new NotFoundException($"Plant '{_plant}'");
        var identity = action.Trigger.Identity is { } who ? await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(who)).GetAsync(cancellationToken) : null;
        var target = ResponseTarget.Of(definition.Spec, action.Trigger, identity);
        var disposition = ResponsePlanner.WhenAppliedByPerson(action.Step.Step.Kind, target.Asset);
        action = await ExecuteAsync(action, disposition, person, personApplied: true, cancellationToken);
        Replace(action);
        await SaveAsync(cancellationToken);
        await ArmRevertAsync();
        return action.Status == ResponseActionStatus.Failed
            ? throw new PreconditionFailedException($"Response action '{id}' could not be applied: {action.Failure}")
            : action;
    }

    public async Task<ResponseAction> DismissAsync(string id, string person, string reason, CancellationToken cancellationToken = default)
    {
        var action = Require(id);
        if (action.Status != ResponseActionStatus.Proposed)
        {
            throw new PreconditionFailedException($"Response action '{id}' is {Spell(action.Status)}: only a proposed one can be dismissed.");
        }

        action = action with { Status = ResponseActionStatus.Dismissed, ClosedAt = time.GetUtcNow(), ClosedBy = person, ClosedReason = reason };
        Replace(action);
        await SaveAsync(cancellationToken);
        await RecordAsync(action, person, "response.dismiss", "dismissed", cancellationToken);
        return action;
    }

    public async Task<ResponseAction> RevertAsync(string id, string person, string reason, CancellationToken cancellationToken = default)
    {
        var action = Require(id);
        if (action.Status != ResponseActionStatus.Applied || !ResponseAction.Reverts(action.Step.Step.Kind))
        {
            throw new PreconditionFailedException(action.Status == ResponseActionStatus.Applied
                ? $"Response action '{id}' ({Spell(action.Step.Step.Kind)}) has nothing to revert."
                : $"Response action '{id}' is {Spell(action.Status)}: only an applied one can be reverted.");
        }

        if (action.Quarantine is { } quarantine)
        {
            // A lift, like every lift, needs its approvers: the action is reverted once the quarantine is lifted.
            var view = await Quarantine(quarantine).RequestLiftAsync(QuarantineActor.Person(person), reason, cancellationToken);
            await RecordAsync(action, person, "response.revert", QuarantineSpelling.Of(view.Status), cancellationToken, new { quarantine, reason });
            if (await SyncAsync(action, cancellationToken) is { } synced && synced != action)
            {
                Replace(synced);
                await SaveAsync(cancellationToken);
                return synced;
            }

            return action;
        }

        action = await UndoAsync(action, person, reason, cancellationToken);
        Replace(action);
        await SaveAsync(cancellationToken);
        return action;
    }

    public async Task<IReadOnlyList<ResponseAction>> RevertDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var changed = new List<ResponseAction>();
        foreach (var action in state.State.Actions.ToList())
        {
            ResponseAction? next = null;
            if (action.Status == ResponseActionStatus.Applied && action.RevertAt is { } at && at <= now)
            {
                next = action.Quarantine is not null
                    ? await ExpireQuarantineAsync(action, cancellationToken)
                    : await UndoAsync(action, action.Actor, "time to live ended", cancellationToken);
            }
            else if (action.Quarantine is not null && action.Status is ResponseActionStatus.AwaitingApproval or ResponseActionStatus.Applied)
            {
                next = await SyncAsync(action, cancellationToken);
            }

            if (next is not null && next != action)
            {
                Replace(next);
                changed.Add(next);
            }
        }

        if (changed.Count > 0)
        {
            await SaveAsync(cancellationToken);
        }

        await ArmRevertAsync();
        return changed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case RevertReminder:
                await RevertDueAsync();
                break;
            case CatchUpReminder:
                await CatchUpAsync();
                if (state.State.Actions.Any(a => a.Quarantine is not null && a.Status == ResponseActionStatus.AwaitingApproval))
                {
                    await RevertDueAsync();
                }

                break;
        }
    }

    private async Task OnDetectionAsync(Detection detection)
    {
        try
        {
            if (state.State.Cursor is { } cursor && detection.Revision > cursor + 1)
            {
                // A gap: something before this one was lost on the way. The store has it.
                await CatchUpDetectionsAsync(CancellationToken.None);
            }

            await HandleAsync([detection]);
        }
        catch (Exception ex)
        {
            // The reminder's catch-up takes the detection again from the store.
            LogHandleFailed(logger, ex, detection.Id);
        }
    }

    private async Task<IReadOnlyList<ResponseAction>> RespondAsync(ResponseSettings settings, PlantSpec plant, ResponseTriggerEvent trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var identity = trigger.Identity is { } who ? await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(who)).GetAsync(cancellationToken) : null;
        var target = ResponseTarget.Of(plant, trigger, identity);
        state.State.AutoActions.RemoveAll(t => t <= now - TimeSpan.FromHours(1));
        var active = state.State.Actions.Where(a => a.Active).Select(a => a.Step.Key).ToHashSet(StringComparer.Ordinal);
        var plan = ResponsePlanner.Plan(settings, trigger, target, state.State.AutoActions.Count, active, now);
        var created = new List<ResponseAction>();
        foreach (var step in plan.Steps)
        {
            var action = new ResponseAction($"ra-{++state.State.Sequence}", _plant, step, trigger, ResponseActionStatus.Proposed, now);
            if (step.Automatic)
            {
                state.State.AutoActions.Add(now);
                action = await ExecuteAsync(action, step.Disposition, action.Actor, personApplied: false, cancellationToken);
            }
            else
            {
                await RecordAsync(action, action.Actor, "response.propose", "proposed", cancellationToken);
            }

            state.State.Actions.Add(action);
            created.Add(action);
        }

        if (created.Count > 0)
        {
            Trim();
            await ArmRevertAsync();
        }

        return created;
    }

    /// <summary>Applies (or asks for) one step; a failure is recorded on the action, never thrown.</summary>
    private async Task<ResponseAction> ExecuteAsync(ResponseAction action, StepDisposition disposition, string actor, bool personApplied, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var step = action.Step.Step;
        var ttl = step.RevertAfter is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;
        var applied = action with { Status = ResponseActionStatus.Applied, AppliedAt = now, AppliedBy = actor };
        try
        {
            switch (step.Kind)
            {
                case PlaybookStepKind.Alert:
                    break;
                case PlaybookStepKind.Webhook:
                    var url = step.Url ?? throw new InvalidOperationException("the webhook step has no URL");
                    await webhook.PostAsync(url, Body(applied), cancellationToken);
                    break;
                case PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate:
                    applied = await QuarantineAsync(applied, disposition, personApplied ? actor : null, ttl, cancellationToken);
                    break;
                case PlaybookStepKind.Lock:
                    var lockee = Identity(applied);
                    if ((await lockee.GetRuntimeAsync(cancellationToken)).Locked)
                    {
                        // Someone locked it already: ours would only be undone over theirs at its time to live.
                        applied = applied with { ClosedReason = "already locked; nothing to revert" };
                        break;
                    }

                    await lockee.LockAsync($"playbook '{applied.Step.Playbook}' after {applied.Trigger.Id}", applied.Id, cancellationToken);
                    applied = applied with { RevertAt = ttl is { } lockTtl ? now + lockTtl : null };
                    break;
                case PlaybookStepKind.RevokeGrants:
                    var runtime = await Identity(applied).GetRuntimeAsync(cancellationToken);
                    foreach (var grant in runtime.Grants.Where(g => g.Plant == _plant))
                    {
                        await GrainFactory.GetGrain<IAccessRequestGrain>(grant.RequestId)
                            .RevokeAsync(actor, $"playbook '{applied.Step.Playbook}' after {applied.Trigger.Id}", cancellationToken);
                    }

                    break;
                case PlaybookStepKind.StepUpMfa:
                    await Identity(applied).RequireStepUpAsync(now, applied.Id, cancellationToken);
                    applied = applied with { RevertAt = ttl is { } stepUpTtl ? now + stepUpTtl : null };
                    break;
                default:
                    throw new InvalidOperationException($"unknown step kind {step.Kind}");
            }
        }
        catch (Exception ex) when (ex is RefusalException or InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            var failed = action with { Status = ResponseActionStatus.Failed, Failure = ex.Message, AppliedBy = actor };
            await RecordAsync(failed, actor, "response." + Spell(step.Kind), "failed", cancellationToken);
            return failed;
        }

        await RecordAsync(applied, actor, "response." + Spell(step.Kind), Spell(applied.Status), cancellationToken);
        return applied;
    }

    private async Task<ResponseAction> QuarantineAsync(ResponseAction action, StepDisposition disposition, string? person, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var asset = action.Step.Asset ?? throw new InvalidOperationException("the step names no asset");
        var mode = action.Step.Step.Kind == PlaybookStepKind.Isolate ? QuarantineMode.Isolate : QuarantineMode.RestrictWrites;
        // The playbook asks, with a time to live, unless a person applies a step that needs approvers: then the person
        // asks (and so cannot approve it), and it stays until lifted, as every approved quarantine does.
        var requester = person is not null && disposition == StepDisposition.RequestApproval
            ? QuarantineActor.Person(person)
            : new QuarantineActor(action.Step.Playbook, QuarantineActorKind.Playbook);
        var reason = $"playbook '{action.Step.Playbook}' after detection {action.Trigger.Id}" + (action.Trigger.Summary is { } s ? ": " + s : string.Empty);
        var submission = new QuarantineSubmission(
            _plant,
            asset,
            mode,
            mode == QuarantineMode.Isolate ? [.. (action.Step.Step.AccessFrom ?? []).Select(AssetId.Parse)] : [],
            reason.Length > QuarantineRules.MaxReasonLength ? reason[..QuarantineRules.MaxReasonLength] : reason,
            requester)
        {
            TimeToLive = requester.Kind == QuarantineActorKind.Playbook ? ttl : null,
        };
        var view = await Quarantine(action.Id).RequestAsync(submission, cancellationToken);
        return view.IsInForce
            ? action with
            {
                Quarantine = view.Id,
                RevertAt = submission.TimeToLive is { } t && view.RequiredApprovals == 0 ? (view.InForceSince ?? time.GetUtcNow()) + t : null,
            }
            : action with { Quarantine = view.Id, Status = ResponseActionStatus.AwaitingApproval };
    }

    /// <summary>The quarantine's time to live ended: the rule lifts it without approvers.</summary>
    private async Task<ResponseAction> ExpireQuarantineAsync(ResponseAction action, CancellationToken cancellationToken)
    {
        var view = await Quarantine(action.Quarantine!).ExpireIfDueAsync(cancellationToken);
        if (view.IsInForce)
        {
            return action;
        }

        var reverted = action with
        {
            Status = ResponseActionStatus.Reverted,
            ClosedAt = time.GetUtcNow(),
            ClosedBy = view.ClosedBy ?? action.Actor,
            ClosedReason = view.ClosedReason ?? "time to live ended",
        };
        await RecordAsync(reverted, action.Actor, "response.revert", "reverted", cancellationToken, new { quarantine = view.Id, status = QuarantineSpelling.Of(view.Status) });
        return reverted;
    }

    /// <summary>Follows a quarantine this action asked for: approved (in force), rejected, or lifted by people.</summary>
    private async Task<ResponseAction?> SyncAsync(ResponseAction action, CancellationToken cancellationToken)
    {
        if (await Quarantine(action.Quarantine!).GetAsync(cancellationToken) is not { } view)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var next = (action.Status, view.Status) switch
        {
            (ResponseActionStatus.AwaitingApproval, Grains.Quarantine.QuarantineStatus.InForce or Grains.Quarantine.QuarantineStatus.LiftRequested) =>
                action with { Status = ResponseActionStatus.Applied, AppliedAt = view.InForceSince ?? now },
            (ResponseActionStatus.AwaitingApproval, Grains.Quarantine.QuarantineStatus.Rejected) =>
                action with { Status = ResponseActionStatus.Dismissed, ClosedAt = now, ClosedBy = view.ClosedBy, ClosedReason = view.ClosedReason },
            (_, Grains.Quarantine.QuarantineStatus.Lifted or Grains.Quarantine.QuarantineStatus.Dropped or Grains.Quarantine.QuarantineStatus.Superseded) =>
                action with { Status = ResponseActionStatus.Reverted, ClosedAt = now, ClosedBy = view.ClosedBy, ClosedReason = view.ClosedReason },
            _ => action,
        };
        if (next != action)
        {
            await RecordAsync(next, view.ClosedBy ?? action.Actor, "response.follow", Spell(next.Status), cancellationToken, new { quarantine = view.Id, status = QuarantineSpelling.Of(view.Status) });
        }

        return next;
    }

    /// <summary>Undoes a lock or a step-up (its time to live ended, or a person reverts it).</summary>
    private async Task<ResponseAction> UndoAsync(ResponseAction action, string actor, string reason, CancellationToken cancellationToken)
    {
        try
        {
            switch (action.Step.Step.Kind)
            {
                case PlaybookStepKind.Lock:
                    await Identity(action).UnlockAsync(action.Id + ":revert", cancellationToken);
                    break;
                case PlaybookStepKind.StepUpMfa:
                    await Identity(action).ClearStepUpAsync(action.Id + ":revert", cancellationToken);
                    break;
            }
        }
        catch (RefusalException ex)
        {
            var failed = action with { Failure = "revert failed: " + ex.Message };
            await RecordAsync(failed, actor, "response.revert", "failed", cancellationToken);
            return failed;
        }

        var reverted = action with { Status = ResponseActionStatus.Reverted, ClosedAt = time.GetUtcNow(), ClosedBy = actor, ClosedReason = reason };
        await RecordAsync(reverted, actor, "response.revert", "reverted", cancellationToken);
        return reverted;
    }

    /// <summary>
    /// The incident the fleet's correlator grouped the detection into, so steps are audited with it and join its
    /// timeline; null (the step then names the detection alone) when there is none or the correlator cannot answer.
    /// </summary>
    private async Task<string?> IncidentOfAsync(Detection detection)
    {
        try
        {
            return await GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet).IncidentOfDetectionAsync(_plant, detection.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIncidentFailed(logger, ex, detection.Id);
            return null;
        }
    }

    /// <summary>Puts the step, in its latest state, on its incident's timeline (one part per action, replaced as it changes).</summary>
    private async Task AttachToIncidentAsync(ResponseAction action, string actor, string outcome, DateTimeOffset now)
    {
        if (action.Trigger.Incident is not { } incident)
        {
            return;
        }

        var summary = $"{Spell(action.Step.Step.Kind)} {outcome} by {actor} ({action.Step.Asset?.Value ?? action.Step.Identity?.Value ?? _plant.Value})";
        var part = new IncidentPart(IncidentPartKind.Response, action.Id, _plant, now, action.Trigger.Severity, summary)
        {
            Actor = actor,
            Asset = action.Step.Asset,
            Identity = action.Step.Identity,
        };
        try
        {
            await GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet).AttachResponseAsync(incident, part);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIncidentFailed(logger, ex, action.Id);
        }
    }

    /// <summary>The audit record at the plant and the export record (Remediation) of one step.</summary>
    private async Task RecordAsync(ResponseAction action, string actor, string auditAction, string outcome, CancellationToken cancellationToken, object? extra = null)
    {
        var now = time.GetUtcNow();
        var detail = JsonSerializer.Serialize(new
        {
            playbook = action.Step.Playbook,
            step = action.Step.Index,
            kind = Spell(action.Step.Step.Kind),
            impact = action.Step.Step.Impact,
            disposition = Spell(action.Step.Disposition),
            guard = action.Step.Guard == StepGuard.None ? null : Spell(action.Step.Guard),
            guardReason = action.Step.Reason,
            detection = action.Trigger.Source == ResponseTriggerSource.Detection ? action.Trigger.Id : null,
            incident = action.Incident,
            asset = action.Step.Asset?.Value,
            identity = action.Step.Identity?.Value,
            quarantine = action.Quarantine,
            revertAt = action.RevertAt,
            failure = action.Failure,
            extra,
        });
        await GrainFactory.GetGrain<IAuditGrain>(_plant.Value)
            .AppendAsync(new AuditEntry(_plant.Value, now, actor, auditAction, action.Id, outcome, detail), cancellationToken);
        await AttachToIncidentAsync(action, actor, outcome, now);
        try
        {
            await outbox.AppendAsync([new ExportRecord(ExportKind.Remediation, _plant.Value, now, action.Trigger.Severity, Body(action, actor, auditAction, outcome))], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogExportFailed(logger, ex, action.Id);
        }
    }

    private static string Body(ResponseAction action, string? actor = null, string? activity = null, string? outcome = null) =>
        JsonSerializer.Serialize(new
        {
            id = action.Id,
            plant = action.Plant.Value,
            activity = activity ?? "response." + Spell(action.Step.Step.Kind),
            outcome = outcome ?? Spell(action.Status),
            actor = actor ?? action.Actor,
            playbook = action.Step.Playbook,
            step = action.Step.Index,
            kind = Spell(action.Step.Step.Kind),
            impact = action.Step.Step.Impact,
            status = Spell(action.Status),
            disposition = Spell(action.Step.Disposition),
            guard = action.Step.Guard == StepGuard.None ? null : Spell(action.Step.Guard),
            guardReason = action.Step.Reason,
            asset = action.Step.Asset?.Value,
            identity = action.Step.Identity?.Value,
            detection = action.Trigger.Source == ResponseTriggerSource.Detection ? action.Trigger.Id : null,
            detectionType = DetectionSpelling.Of(action.Trigger.Type),
            incident = action.Incident,
            severity = action.Trigger.Severity.ToString().ToLowerInvariant(),
            summary = action.Trigger.Summary,
            quarantine = action.Quarantine,
            appliedAt = action.AppliedAt,
            revertAt = action.RevertAt,
            failure = action.Failure,
        }, ZtFleetSerialization.JsonOptions);

    private async Task ArmRevertAsync()
    {
        var now = time.GetUtcNow();
        var next = state.State.Actions.Where(a => a.Status == ResponseActionStatus.Applied && a.RevertAt is not null).Select(a => a.RevertAt!.Value).DefaultIfEmpty().Min();
        var waiting = state.State.Actions.Any(a => a.Status == ResponseActionStatus.AwaitingApproval);
        if (next == default && !waiting)
        {
            if (await this.GetReminder(RevertReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var due = next == default ? TimeSpan.FromMinutes(1) : next - now;
        due = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due;
        await this.RegisterOrUpdateReminder(RevertReminder, due, TimeSpan.FromMinutes(1));
    }

    private IIdentityGrain Identity(ResponseAction action) =>
        GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(action.Step.Identity ?? throw new InvalidOperationException("the step names no identity")));

    private IQuarantineGrain Quarantine(string id) => GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(_plant, id));

    private ResponseAction Require(string id) =>
        state.State.Actions.FirstOrDefault(a => a.Id == id) ?? throw new NotFoundException($"Response action '{id}'");

    private void Replace(ResponseAction action)
    {
        var index = state.State.Actions.FindIndex(a => a.Id == action.Id);
        if (index >= 0)
        {
            state.State.Actions[index] = action;
        }
    }

    private void Remember(string key)
    {
        if (_handled.Add(key))
        {
            state.State.Handled.Add(key);
            if (state.State.Handled.Count > MaxHandled)
            {
                _handled.Remove(state.State.Handled[0]);
                state.State.Handled.RemoveAt(0);
            }
        }
    }

    private void Trim()
    {
        var excess = state.State.Actions.Count - MaxActions;
        if (excess > 0)
        {
            var closed = state.State.Actions.Where(a => !a.Active && a.Status is not ResponseActionStatus.Applied).Take(excess).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            state.State.Actions.RemoveAll(a => closed.Contains(a.Id));
        }
    }

    private Task SaveAsync(CancellationToken cancellationToken) => state.WriteStateAsync(cancellationToken);

    internal static string Spell<T>(T value)
        where T : struct, Enum => ResponseSpelling.Of(value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response to detection {Detection} failed; the catch-up takes it again")]
    private static partial void LogHandleFailed(ILogger logger, Exception exception, string detection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The incident of {Subject} could not be read or told of a response step; the step names its detection")]
    private static partial void LogIncidentFailed(ILogger logger, Exception exception, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response action {Action} was audited but could not be appended to the export outbox")]
    private static partial void LogExportFailed(ILogger logger, Exception exception, string action);
}
