using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>The rules of the <c>response:</c> section (docs/playbooks.md, "Validation").</summary>
public static partial class FleetDocumentValidator
{
    /// <summary>Most playbooks a fleet may declare.</summary>
    public const int MaxPlaybooks = 200;

    /// <summary>Most steps one playbook may take.</summary>
    public const int MaxPlaybookSteps = 20;

    /// <summary>Longest time to live of a step that changes something: seven days, in minutes.</summary>
    public const int MaxRevertAfterMinutes = 7 * 24 * 60;

    /// <summary>
    /// Whether a step of <paramref name="kind"/> changes something that must revert by itself (<c>revertAfterMinutes</c>
    /// required): step-up-mfa, lock, restrict-writes, isolate. Alert and webhook change nothing in the fleet;
    /// revoke-grants is one-way (the identity requests access again), so they take none.
    /// </summary>
    public static bool NeedsRevert(PlaybookStepKind kind) =>
        kind is PlaybookStepKind.StepUpMfa or PlaybookStepKind.Lock or PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate;

    private static void CheckResponse(
        ResponseSettings response, IReadOnlyList<PlantSpec> plants, IReadOnlySet<PlantId>? knownPlants, FleetValidationOptions options, Sink sink)
    {
        var scope = sink.Enter("response");
        var window = response.CorrelationWindow;
        if (window.Ticks % TimeSpan.TicksPerMinute != 0 || window < TimeSpan.FromMinutes(1) || window > TimeSpan.FromDays(1))
        {
            scope.Report("correlationWindowMinutes", $"correlationWindowMinutes must be 1 to 1440 whole minutes, not {Minutes(window)}");
        }

        CheckRange(response.AutoActionsPerHour, 0, 1000, "autoActionsPerHour", "automatic steps per plant and hour (0: every step is only recommended)", scope);
        var playbooks = response.Playbooks ?? [];
        if (playbooks.Count > MaxPlaybooks)
        {
            scope.Report("playbooks", $"playbooks holds {playbooks.Count} playbooks; at most {MaxPlaybooks}");
        }

        var inDocument = new Dictionary<PlantId, PlantSpec>();
        foreach (var plant in plants)
        {
            if (plant.Id.Value is not null)
            {
                inDocument.TryAdd(plant.Id, plant);
            }
        }

        // Plants the fleet holds outside this document (a document applied without prune): a scope that admits them
        // cannot be judged here; the fleet grain checks the resulting fleet, which has them all.
        var elsewhere = (knownPlants ?? new HashSet<PlantId>()).Where(p => !inDocument.ContainsKey(p)).ToHashSet();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < playbooks.Count; i++)
        {
            var playbook = playbooks[i];
            var playbookScope = sink.Enter(Key("response.playbooks", playbook.Id, i));
            if (string.IsNullOrEmpty(playbook.Id))
            {
                playbookScope.Report("id", "id is missing");
            }
            else if (!EntityId.IsValid(playbook.Id))
            {
                playbookScope.Report("id", EntityId.Describe(playbook.Id));
            }
            else if (!ids.Add(playbook.Id))
            {
                playbookScope.Report("id", $"playbook id {Echo.Of(playbook.Id)} is used by more than one playbook");
            }

            CheckPlaybook(playbook, playbookScope, inDocument, elsewhere, options);
        }
    }

    private static void CheckPlaybook(
        Playbook playbook, Scope scope, Dictionary<PlantId, PlantSpec> inDocument, HashSet<PlantId> elsewhere, FleetValidationOptions options)
    {
        var trigger = playbook.Trigger;
        if (trigger is null)
        {
            scope.Report("trigger", "trigger is required: the detections or incident rules that fire the playbook");
        }
        else
        {
            CheckTrigger(trigger, scope, inDocument, elsewhere);
        }

        var steps = playbook.Steps ?? [];
        if (steps.Count == 0)
        {
            scope.Report("steps", $"steps is required: one or more of {InventoryVocabulary.Allowed<PlaybookStepKind>()}");
        }
        else if (steps.Count > MaxPlaybookSteps)
        {
            scope.Report("steps", $"steps holds {steps.Count} steps; at most {MaxPlaybookSteps}");
        }

        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var stepScope = scope.Enter("steps", null, k);
            CheckStep(step, stepScope, options);
            if (trigger is not null && step.Kind == PlaybookStepKind.Isolate && step.Mode == PlaybookMode.Auto
                && AutoIsolateProblem(trigger, inDocument.Values) is { } problem)
            {
                stepScope.Report("mode", problem);
            }
        }
    }

    private static void CheckTrigger(PlaybookTrigger trigger, Scope scope, Dictionary<PlantId, PlantSpec> inDocument, HashSet<PlantId> elsewhere)
    {
        var detections = trigger.DetectionTypes ?? [];
        var rules = trigger.IncidentRules ?? [];
        if (detections.Count == 0 && rules.Count == 0)
        {
            scope.Report("trigger", "the trigger matches nothing: give detections (detection types), incident rules, or both");
        }

        if (detections.Any(d => !InventoryVocabulary.TryName(d, out _)))
        {
            scope.Report("trigger.detections", $"detections must be among {InventoryVocabulary.Allowed<DetectionType>()}");
        }

        if (!InventoryVocabulary.TryName(trigger.MinSeverity, out _))
        {
            scope.Report("trigger.minSeverity", $"minSeverity is required: one of {InventoryVocabulary.Allowed<Severity>()}");
        }

        if (rules.Any(r => !InventoryVocabulary.TryName(r, out _)))
        {
            scope.Report("trigger.incident", $"incident must be among {InventoryVocabulary.Allowed<IncidentRule>()}");
        }

        if ((trigger.ZoneKinds ?? []).Any(k => !InventoryVocabulary.TryName(k, out _)))
        {
            scope.Report("trigger.zoneKinds", $"zoneKinds must be among {InventoryVocabulary.Allowed<ZoneKind>()}");
        }

        CheckAssetTypes(trigger.AssetTypes, "trigger.assetTypes", scope);
        var judged = true;
        foreach (var name in trigger.Plants ?? [])
        {
            if (!PlantId.TryParse(name, out var plant))
            {
                scope.Report($"trigger.plants[{Echo.Key(name)}]", EntityId.Describe(name));
                judged = false;
            }
            else if (!inDocument.ContainsKey(plant))
            {
                judged = false;
                if (!elsewhere.Contains(plant))
                {
                    scope.Report($"trigger.plants[{Echo.Key(name)}]", $"plant '{plant}' is not in the fleet; the trigger would never fire there");
                }
            }
        }

        // A scope that names nothing admits every asset, also those still to come: only a narrowed scope can match
        // nothing. It is judged when every plant it admits is in the document.
        var narrowed = (trigger.Plants ?? []).Count > 0 || (trigger.ZoneKinds ?? []).Count > 0 || (trigger.AssetTypes ?? []).Count > 0;
        judged &= (trigger.Plants ?? []).Count > 0 || elsewhere.Count == 0;
        if (narrowed && judged && !PlaybookScope.AssetsInScope(trigger, inDocument.Values).Any())
        {
            scope.Report("trigger", "the trigger's scope (plants, zoneKinds, assetTypes) admits no asset of the fleet: it would never fire");
        }
    }

    private static void CheckStep(PlaybookStep step, Scope scope, FleetValidationOptions options)
    {
        var kind = step.Kind;
        var named = InventoryVocabulary.TryName(kind, out var kindName);
        if (!named)
        {
            scope.Report("kind", $"kind must be one of {InventoryVocabulary.Allowed<PlaybookStepKind>()}");
        }

        if (step.Impact is < 0 or > 100)
        {
            scope.Report("impact", $"impact must be 0 (changes nothing) to 100 (stops a process), not {step.Impact}");
        }

        if (step.Mode != PlaybookMode.Unspecified && !InventoryVocabulary.TryName(step.Mode, out _))
        {
            scope.Report("mode", $"mode must be one of {InventoryVocabulary.Allowed<PlaybookMode>()}");
        }

        if (named && NeedsRevert(kind))
        {
            if (step.RevertAfter is not { } revert)
            {
                scope.Report("revertAfterMinutes", $"revertAfterMinutes is required: a {kindName} step changes the fleet and must revert by itself (1 to {MaxRevertAfterMinutes} minutes)");
            }
            else if (revert.Ticks % TimeSpan.TicksPerMinute != 0 || revert < TimeSpan.FromMinutes(1) || revert > TimeSpan.FromMinutes(MaxRevertAfterMinutes))
            {
                scope.Report("revertAfterMinutes", $"revertAfterMinutes must be 1 to {MaxRevertAfterMinutes} whole minutes, not {Minutes(revert)}");
            }
        }
        else if (named && step.RevertAfter is not null)
        {
            var why = kind switch
            {
                PlaybookStepKind.RevokeGrants => "revoking grants is one-way (the identity requests access again)",
                PlaybookStepKind.Webhook => "a webhook call cannot be undone by ZtFleet",
                _ => "an alert changes nothing",
            };
            scope.Report("revertAfterMinutes", $"a {kindName} step takes no revertAfterMinutes: {why}");
        }

        if (kind == PlaybookStepKind.Webhook)
        {
            CheckWebhookUrl(step.Url, scope, options);
        }
        else if (step.Url is not null)
        {
            scope.Report("url", "url is only for webhook steps");
        }

        if (step.AccessFrom is { } accessFrom)
        {
            if (kind != PlaybookStepKind.Isolate)
            {
                scope.Report("accessFrom", "accessFrom is only for isolate steps (the assets that keep read access)");
            }

            foreach (var asset in accessFrom.Where(a => !EntityId.IsValid(a)))
            {
                scope.Report($"accessFrom[{Echo.Key(asset ?? string.Empty)}]", EntityId.Describe(asset));
            }
        }
    }

    private static void CheckWebhookUrl(Uri? url, Scope scope, FleetValidationOptions options)
    {
        if (url is null)
        {
            scope.Report("url", "url is required for a webhook step: the HTTPS endpoint that receives the JSON POST");
        }
        else if (!url.IsAbsoluteUri)
        {
            scope.Report("url", $"{Echo.Of(url.OriginalString)} is not an absolute URL (https://soar.example/hook)");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && options.AllowHttpWebhooks)
        {
            // Development only: a local receiver.
        }
        else if (url.Scheme != Uri.UriSchemeHttps)
        {
            scope.Report(
                "url",
                $"{Echo.Of(url.OriginalString)} is not an HTTPS URL; webhooks carry incident data and must use https:// (plain http:// is accepted only when the API runs in the Development environment)");
        }
        else if (url.UserInfo.Length > 0)
        {
            scope.Report("url", "url must not carry credentials (user:password@); the fleet document is exported and versioned");
        }
    }

    /// <summary>
    /// Why an automatic isolate step of <paramref name="trigger"/> is refused, or null: its scope names the safety
    /// zone kind or the safety-controller type, or admits a safety asset (<see cref="PlaybookScope.IsSafety"/>) of
    /// the fleet.
    /// </summary>
    private static string? AutoIsolateProblem(PlaybookTrigger trigger, IEnumerable<PlantSpec> plants)
    {
        const string Fix = "an automatic isolate may never act on a safety-related asset or anything in a safety zone: make the step mode: recommend, or narrow the trigger (plants, zoneKinds, assetTypes)";
        if ((trigger.ZoneKinds ?? []).Contains(ZoneKind.Safety))
        {
            return $"the trigger's scope names zone kind safety; {Fix}";
        }

        if ((trigger.AssetTypes ?? []).Contains(AssetType.SafetyController))
        {
            return $"the trigger's scope names asset type safety-controller; {Fix}";
        }

        foreach (var (plant, zone, asset) in PlaybookScope.AssetsInScope(trigger, plants))
        {
            if (PlaybookScope.IsSafety(zone, asset))
            {
                var why = asset.SafetyRelated ? "is safety-related" : asset.Type == AssetType.SafetyController ? "is a safety controller" : $"is in safety zone '{asset.Zone}'";
                return $"the trigger's scope admits asset '{asset.Id}' of plant '{plant.Id}', which {why}; {Fix}";
            }
        }

        return null;
    }

    private static string Minutes(TimeSpan value) =>
        value.TotalMinutes.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
