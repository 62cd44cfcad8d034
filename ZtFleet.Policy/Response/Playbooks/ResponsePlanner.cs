using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// Turns a trigger into a response plan: which playbooks match, their steps least impact first, and for each step
/// whether the playbook applies it, asks approvers for it, or only recommends it. Pure: the response grain gives the
/// facts and the time, and does what the plan says.
/// </summary>
/// <remarks>
/// <para>The guards, in the order they are asked (the first that holds gives the reason):</para>
/// <list type="number">
/// <item>A step declared <c>recommend</c> stays a recommendation.</item>
/// <item>Safety: no automatic step isolates a safety asset (safety-related, a safety controller, or in a safety zone);
/// restrict-writes on a safety asset that is not itself marked safety-related is recommended (its quarantine would
/// take effect at once, without approvers); restrict-writes on a safety-related asset is never applied directly: it becomes a
/// quarantine request for the fleet's approvers, with the playbook as requester.</item>
/// <item>An asset or identity marked <c>neverAuto</c> only gets recommendations for the steps that act on it.</item>
/// <item>Maintenance windows: while the plant is inside a declared maintenance window, the changes the trigger saw may
/// be planned work (a vendor loading a program), so disruptive steps (restrict-writes, isolate, lock, revoke-grants)
/// are recommended to a person instead; alerts, webhooks and step-up MFA still run (they stop nobody's work).</item>
/// <item>Rate limit: a plant takes at most <see cref="ResponseSettings.AutoActionsPerHour"/> automatic steps in any
/// hour (alerts do not count: they change nothing); further steps become recommendations, least impact first keeps
/// the budget for the gentlest steps.</item>
/// </list>
/// <para>
/// The same step (playbook, step, target) is not planned again while one is in force or proposed: the same trigger
/// twice, or a second detection about the same PLC, does not restrict it twice.
/// </para>
/// </remarks>
public static class ResponsePlanner
{
    /// <summary>The plan for <paramref name="trigger"/> about <paramref name="target"/> at <paramref name="now"/>.</summary>
    /// <param name="settings">The fleet's response settings (playbooks, hourly limit).</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="target">The facts about what it is about.</param>
    /// <param name="autoActionsInLastHour">Automatic steps the plant took in the hour before <paramref name="now"/>.</param>
    /// <param name="active">Keys (<see cref="PlannedStep.Key"/>) of the plant's steps in force or proposed.</param>
    /// <param name="now">The control plane's time.</param>
    public static ResponsePlan Plan(
        ResponseSettings settings,
        ResponseTriggerEvent trigger,
        ResponseTarget target,
        int autoActionsInLastHour,
        IReadOnlySet<string> active,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(active);
        var matching = settings.Playbooks.Where(p => Matches(p.Trigger, trigger, target)).ToList();
        if (matching.Count == 0)
        {
            return ResponsePlan.Empty;
        }

        var candidates = new List<(Playbook Playbook, int Index, PlaybookStep Step)>();
        var skipped = new List<SkippedStep>();
        foreach (var playbook in matching)
        {
            for (var i = 0; i < playbook.Steps.Count; i++)
            {
                candidates.Add((playbook, i, playbook.Steps[i]));
            }
        }

        var order = matching.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        candidates.Sort((a, b) =>
        {
            var byImpact = a.Step.Impact.CompareTo(b.Step.Impact);
            if (byImpact != 0)
            {
                return byImpact;
            }

            var byPlaybook = order[a.Playbook.Id].CompareTo(order[b.Playbook.Id]);
            return byPlaybook != 0 ? byPlaybook : a.Index.CompareTo(b.Index);
        });

        var inMaintenance = InMaintenanceWindow(target, now);
        var budget = Math.Max(0, settings.AutoActionsPerHour - Math.Max(0, autoActionsInLastHour));
        var planned = new List<PlannedStep>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (playbook, index, step) in candidates)
        {
            if (NotApplicable(step.Kind, trigger, target) is { } why)
            {
                skipped.Add(new SkippedStep(playbook.Id, index, step.Kind, why));
                continue;
            }

            var key = KeyOf(playbook.Id, index, step.Kind, trigger, target);
            if (active.Contains(key) || !keys.Add(key))
            {
                skipped.Add(new SkippedStep(playbook.Id, index, step.Kind, "the same step is already in force or proposed for this target"));
                continue;
            }

            var (disposition, guard, reason) = Decide(step, target, inMaintenance);
            if (disposition != StepDisposition.Recommend && CountsAgainstLimit(step.Kind))
            {
                if (budget == 0)
                {
                    (disposition, guard, reason) = (StepDisposition.Recommend, StepGuard.RateLimit,
                        $"the plant took its {settings.AutoActionsPerHour} automatic action(s) of the hour; a person decides");
                }
                else
                {
                    budget--;
                }
            }

            planned.Add(new PlannedStep(playbook.Id, index, step, disposition, guard, reason, key)
            {
                Asset = ActsOnAsset(step.Kind) ? target.Asset?.Id : null,
                Identity = ActsOnIdentity(step.Kind) ? target.Identity?.Id : null,
            });
        }

        return new ResponsePlan([.. matching.Select(p => p.Id)], planned, skipped);
    }

    /// <summary>Whether <paramref name="playbookTrigger"/> fires for <paramref name="trigger"/> about <paramref name="target"/>.</summary>
    public static bool Matches(PlaybookTrigger playbookTrigger, ResponseTriggerEvent trigger, ResponseTarget target)
    {
        ArgumentNullException.ThrowIfNull(playbookTrigger);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(target);
        var fires = trigger.Source switch
        {
            ResponseTriggerSource.Detection => playbookTrigger.DetectionTypes.Contains(trigger.Type),
            ResponseTriggerSource.Incident => trigger.IncidentRules.Any(playbookTrigger.IncidentRules.Contains),
            _ => false,
        };
        if (!fires || Rank(trigger.Severity) < Rank(playbookTrigger.MinSeverity))
        {
            return false;
        }

        if (playbookTrigger.Plants.Count > 0 && !playbookTrigger.Plants.Contains(trigger.Plant.Value, StringComparer.Ordinal))
        {
            return false;
        }

        if (playbookTrigger.ZoneKinds.Count > 0 && (target.Asset is not { } zoned || !playbookTrigger.ZoneKinds.Contains(zoned.ZoneKind)))
        {
            return false;
        }

        return playbookTrigger.AssetTypes.Count == 0 || (target.Asset is { } typed && playbookTrigger.AssetTypes.Contains(typed.Type));
    }

    /// <summary>
    /// Whether the plant is inside one of its declared maintenance windows at <paramref name="now"/> (an unknown time
    /// zone: no window can be placed, so none is).
    /// </summary>
    public static bool InMaintenanceWindow(ResponseTarget target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.MaintenanceWindows.Count == 0 || !TimeZoneInfo.TryFindSystemTimeZoneById(target.TimeZone ?? string.Empty, out var zone))
        {
            return false;
        }

        return target.MaintenanceWindows.Any(w => ShiftCalendar.For(zone, w).TryGetInterval(now, out _, out _));
    }

    /// <summary>Steps that stop or slow somebody's work: held back during maintenance windows.</summary>
    public static bool IsDisruptive(PlaybookStepKind kind) =>
        kind is PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate or PlaybookStepKind.Lock or PlaybookStepKind.RevokeGrants;

    /// <summary>Steps that count against the hourly limit of automatic actions: all but alerts.</summary>
    public static bool CountsAgainstLimit(PlaybookStepKind kind) => kind != PlaybookStepKind.Alert;

    /// <summary>Steps that act on the trigger's asset.</summary>
    public static bool ActsOnAsset(PlaybookStepKind kind) => kind is PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate;

    /// <summary>Steps that act on the trigger's identity.</summary>
    public static bool ActsOnIdentity(PlaybookStepKind kind) =>
        kind is PlaybookStepKind.StepUpMfa or PlaybookStepKind.RevokeGrants or PlaybookStepKind.Lock;

    /// <summary>The step's identity across plans: playbook, step, and what it acts on.</summary>
    public static string KeyOf(string playbook, int index, PlaybookStepKind kind, ResponseTriggerEvent trigger, ResponseTarget target)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(target);
        var on = ActsOnAsset(kind) ? "asset:" + target.Asset?.Id.Value
            : ActsOnIdentity(kind) ? "identity:" + target.Identity?.Id.Value
            : "trigger:" + trigger.Id;
        return $"{playbook}/{index}/{on}";
    }

    /// <summary>
    /// What happens to a step a person applies (a recommendation): the safety guard still holds, so restrict-writes on
    /// a safety-related asset is asked for (approvers), and everything else applies; isolating a safety-related asset
    /// goes through the quarantine's own rules (restrict-writes first, approvers).
    /// </summary>
    public static StepDisposition WhenAppliedByPerson(PlaybookStepKind kind, TargetAsset? asset) =>
        ActsOnAsset(kind) && asset is { SafetyRelated: true } ? StepDisposition.RequestApproval : StepDisposition.Apply;

    private static (StepDisposition, StepGuard, string?) Decide(PlaybookStep step, ResponseTarget target, bool inMaintenance)
    {
        if (step.Mode != PlaybookMode.Auto)
        {
            return (StepDisposition.Recommend, StepGuard.Declared, "the playbook declares this step recommend");
        }

        var asset = ActsOnAsset(step.Kind) ? target.Asset : null;
        if (step.Kind == PlaybookStepKind.Isolate && asset is { Safety: true })
        {
            return (StepDisposition.Recommend, StepGuard.Safety, $"asset '{asset.Id}' is {SafetyOf(asset)}: no automatic step isolates it");
        }

        if (step.Kind == PlaybookStepKind.RestrictWrites && asset is { Safety: true, SafetyRelated: false })
        {
            return (StepDisposition.Recommend, StepGuard.Safety,
                $"asset '{asset.Id}' is {SafetyOf(asset)} but not marked safetyRelated: its quarantine would take effect at once, without approvers");
        }

        if (asset is { NeverAuto: true })
        {
            return (StepDisposition.Recommend, StepGuard.NeverAuto, $"asset '{asset.Id}' is marked neverAuto");
        }

        if (ActsOnIdentity(step.Kind) && target.Identity is { NeverAuto: true } identity)
        {
            return (StepDisposition.Recommend, StepGuard.NeverAuto, $"identity '{identity.Id}' is marked neverAuto");
        }

        if (inMaintenance && IsDisruptive(step.Kind))
        {
            return (StepDisposition.Recommend, StepGuard.MaintenanceWindow,
                "the plant is in a maintenance window: the change may be planned work, a person decides");
        }

        return step.Kind == PlaybookStepKind.RestrictWrites && asset is { SafetyRelated: true }
            ? (StepDisposition.RequestApproval, StepGuard.SafetyApproval,
                $"asset '{asset.Id}' is safety-related: the playbook asks for the quarantine, approvers put it in force")
            : (StepDisposition.Apply, StepGuard.None, null);
    }

    private static string SafetyOf(TargetAsset asset) =>
        asset.SafetyRelated ? "safety-related"
        : asset.Type == Inventory.AssetType.SafetyController ? "a safety controller"
        : "in a safety zone";

    private static string? NotApplicable(PlaybookStepKind kind, ResponseTriggerEvent trigger, ResponseTarget target) => kind switch
    {
        _ when ActsOnAsset(kind) && target.Asset is null => trigger.Asset is null
            ? "the trigger names no asset"
            : $"asset '{trigger.Asset}' is not in the plant's inventory",
        _ when ActsOnIdentity(kind) && target.Identity is null => trigger.Identity is null
            ? "the trigger names no identity"
            : $"identity '{trigger.Identity}' is not in the fleet",
        PlaybookStepKind.Webhook => null,
        PlaybookStepKind.Alert => null,
        PlaybookStepKind.Unspecified => "the step has no kind",
        _ => null,
    };

    // Unspecified (or an undefined value) counts as critical: what cannot be rated is not taken lightly.
    private static int Rank(Severity severity) =>
        severity is Severity.Low or Severity.Medium or Severity.High or Severity.Critical ? (int)severity : (int)Severity.Critical;
}
