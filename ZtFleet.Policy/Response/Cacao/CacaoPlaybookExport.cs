using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Response.Cacao;

/// <summary>
/// Maps a playbook of the fleet document to an OASIS CACAO 2.0 playbook (JSON), so that a SOAR can read it. The
/// mapping is described in <c>docs/playbooks.md</c> ("CACAO 2.0 export"): a start step, one action step per playbook
/// step in the order the planner takes them (least impact first, document order on ties), an end step; each action
/// with a command (<c>manual</c> for ZtFleet's own steps, <c>http-api</c> for a webhook), its agent (the ZtFleet
/// control plane for automatic steps, the plant security team for recommendations) and its target; what CACAO has no
/// property for (step kind, impact, mode, revert time, the trigger) in the ZtFleet extension
/// (<see cref="ExtensionId"/>) of each step and of the playbook. Ids are deterministic (<see cref="CacaoIds"/>).
/// </summary>
public static class CacaoPlaybookExport
{
    /// <summary>The CACAO id of the ZtFleet playbook extension.</summary>
    public static readonly string ExtensionId = CacaoIds.Of("extension-definition", "extension/ztfleet-playbook");

    /// <summary>The STIX identity that creates every exported playbook (<c>created_by</c>).</summary>
    public static readonly string CreatedBy = CacaoIds.Of("identity", "identity/ztfleet");

    private static readonly string ControlPlane = CacaoIds.Of("security-category", "agent/control-plane");
    private static readonly string SecurityTeam = CacaoIds.Of("group", "agent/plant-security-team");
    private static readonly string Assets = CacaoIds.Of("group", "target/assets-in-scope");
    private static readonly string Identity = CacaoIds.Of("individual", "target/identity");
    private static readonly string Siem = CacaoIds.Of("security-category", "target/siem");

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The playbook as CACAO 2.0 JSON text (indented, keys in a fixed order).</summary>
    /// <param name="playbook">The playbook.</param>
    /// <param name="created">When it was first applied (CACAO <c>created</c>, written to the millisecond).</param>
    /// <param name="modified">When it last changed; not before <paramref name="created"/>.</param>
    public static string ToJson(Playbook playbook, DateTimeOffset created, DateTimeOffset modified) =>
        ToNode(playbook, created, modified).ToJsonString(Indented);

    /// <summary>The playbook as a CACAO 2.0 JSON object.</summary>
    /// <inheritdoc cref="ToJson" path="/param"/>
    public static JsonObject ToNode(Playbook playbook, DateTimeOffset created, DateTimeOffset modified)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        if (modified < created)
        {
            modified = created;
        }

        var trigger = playbook.Trigger ?? new PlaybookTrigger([], Severity.Unspecified);
        var ordered = (playbook.Steps ?? []).Select((step, index) => (Step: step, Index: index)).OrderBy(s => s.Step.Impact).ThenBy(s => s.Index).ToList();
        var start = CacaoIds.Of("start", $"playbook/{playbook.Id}/start");
        var end = CacaoIds.Of("end", $"playbook/{playbook.Id}/end");
        var actionIds = ordered.Select(s => CacaoIds.Of("action", $"playbook/{playbook.Id}/step/{s.Index}")).ToList();

        var workflow = new JsonObject
        {
            [start] = new JsonObject
            {
                ["type"] = "start",
                ["name"] = "Start",
                ["on_completion"] = actionIds.Count > 0 ? actionIds[0] : end,
            },
        };
        var agents = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var targets = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var activities = new List<string>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (step, index) = ordered[i];
            var activity = Activity(step.Kind);
            if (!activities.Contains(activity))
            {
                activities.Add(activity);
            }

            var agent = step.Mode == PlaybookMode.Auto ? ControlPlane : SecurityTeam;
            agents[agent] = Agent(agent);
            var target = TargetOf(playbook.Id, index, step, targets);
            var action = new JsonObject
            {
                ["type"] = "action",
                ["name"] = $"{Name(step.Kind)} ({(step.Mode == PlaybookMode.Auto ? "automatic" : "recommended")})",
                ["description"] = step.Description ?? Describe(step),
                ["on_completion"] = i + 1 < actionIds.Count ? actionIds[i + 1] : end,
                ["step_extensions"] = new JsonObject { [ExtensionId] = StepExtension(step, index) },
                ["commands"] = new JsonArray(Command(step, activity)),
                ["agent"] = agent,
                ["targets"] = new JsonArray(target),
            };
            workflow[actionIds[i]] = action;
        }

        workflow[end] = new JsonObject { ["type"] = "end", ["name"] = "End" };

        var playbookNode = new JsonObject
        {
            ["type"] = "playbook",
            ["spec_version"] = "cacao-2.0",
            ["id"] = CacaoIds.Playbook(playbook.Id),
            ["name"] = playbook.Id,
            ["description"] = playbook.Description ?? $"ZtFleet response playbook '{playbook.Id}'.",
            ["playbook_types"] = Types(ordered.Select(s => s.Step.Kind)),
            ["playbook_activities"] = new JsonArray(activities.Select(a => (JsonNode?)a).ToArray()),
            ["created_by"] = CreatedBy,
            ["created"] = Timestamp(created),
            ["modified"] = Timestamp(modified),
            ["severity"] = SeverityOf(trigger.MinSeverity),
            ["impact"] = ordered.Count == 0 ? 0 : Math.Clamp(ordered.Max(s => s.Step.Impact), 0, 100),
            ["industry_sectors"] = new JsonArray("manufacturing"),
            ["labels"] = Labels(trigger),
            ["workflow_start"] = start,
            ["workflow"] = workflow,
            ["playbook_extensions"] = new JsonObject { [ExtensionId] = PlaybookExtension(trigger) },
            ["agent_definitions"] = Dictionary(agents),
            ["target_definitions"] = Dictionary(targets),
            ["extension_definitions"] = new JsonObject { [ExtensionId] = ExtensionDefinition() },
        };
        if (agents.Count == 0)
        {
            playbookNode.Remove("agent_definitions");
        }

        if (targets.Count == 0)
        {
            playbookNode.Remove("target_definitions");
        }

        return playbookNode;
    }

    /// <summary>The CACAO timestamp of <paramref name="time"/>: UTC, to the millisecond, <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Dictionary(SortedDictionary<string, JsonObject> items)
    {
        var node = new JsonObject();
        foreach (var (id, item) in items)
        {
            node[id] = item;
        }

        return node;
    }

    private static string Name(PlaybookStepKind kind) => InventoryVocabulary.TryName(kind, out var name) ? name : "unknown";

    /// <summary>The CACAO playbook activity (<c>playbook-activity-type-ov</c>) of a step kind.</summary>
    private static string Activity(PlaybookStepKind kind) => kind switch
    {
        PlaybookStepKind.Isolate => "disconnect-system",
        PlaybookStepKind.StepUpMfa or PlaybookStepKind.RevokeGrants or PlaybookStepKind.Lock or PlaybookStepKind.RestrictWrites => "restrict-access",
        _ => "deliver-content",
    };

    private static JsonArray Types(IEnumerable<PlaybookStepKind> kinds)
    {
        var list = kinds.ToList();
        var types = new JsonArray();
        if (list.Any(k => k is PlaybookStepKind.Alert or PlaybookStepKind.Webhook))
        {
            types.Add("notification");
        }

        if (list.Any(FleetDocumentValidator.NeedsRevert) || list.Contains(PlaybookStepKind.RevokeGrants))
        {
            types.Add("mitigation");
        }

        if (types.Count == 0)
        {
            types.Add("notification");
        }

        return types;
    }

    private static int SeverityOf(Severity severity) => severity switch
    {
        Severity.Low => 25,
        Severity.Medium => 50,
        Severity.High => 75,
        Severity.Critical => 100,
        _ => 0,
    };

    private static JsonArray Labels(PlaybookTrigger trigger)
    {
        var labels = new JsonArray("ztfleet");
        foreach (var detection in trigger.DetectionTypes ?? [])
        {
            if (InventoryVocabulary.TryName(detection, out var name))
            {
                labels.Add($"detection:{name}");
            }
        }

        foreach (var rule in trigger.IncidentRules ?? [])
        {
            if (InventoryVocabulary.TryName(rule, out var name))
            {
                labels.Add($"incident:{name}");
            }
        }

        return labels;
    }

    private static JsonObject Command(PlaybookStep step, string activity)
    {
        if (step.Kind == PlaybookStepKind.Webhook && step.Url is { IsAbsoluteUri: true } url)
        {
            return new JsonObject
            {
                ["type"] = "http-api",
                ["playbook_activity"] = activity,
                ["command"] = $"POST {url.PathAndQuery}",
                ["headers"] = new JsonObject { ["Content-Type"] = new JsonArray("application/json") },
            };
        }

        return new JsonObject
        {
            ["type"] = "manual",
            ["playbook_activity"] = activity,
            ["command"] = Describe(step),
        };
    }

    /// <summary>What the step does, as an instruction a person (or a SOAR operator) can follow.</summary>
    private static string Describe(PlaybookStep step)
    {
        var revert = step.RevertAfter is { } after
            ? $"; it reverts by itself after {(long)after.TotalMinutes} minutes"
            : string.Empty;
        return step.Kind switch
        {
            PlaybookStepKind.Alert => "Raise an alert for the incident: an alert record goes to the SIEM export and the plant's security contacts are told.",
            PlaybookStepKind.StepUpMfa => $"Require the identity to present a fresh MFA factor before its next access decision{revert}.",
            PlaybookStepKind.RevokeGrants => "Revoke the identity's active temporary access grants at the plant (one-way: the identity requests access again).",
            PlaybookStepKind.Lock => $"Lock the identity at every plant{revert}.",
            PlaybookStepKind.RestrictWrites => $"Quarantine the detection's asset in restrict-writes mode: reads continue, writes and program changes are refused{revert}. On a safety-related asset this only opens a quarantine request for two approvers.",
            PlaybookStepKind.Isolate => $"Quarantine the detection's asset in isolate mode: only its quarantine path keeps read access{revert}. Never applied automatically to a safety-related asset or anything in a safety zone.",
            PlaybookStepKind.Webhook => $"POST the incident as JSON to {step.Url?.GetLeftPart(UriPartial.Path) ?? "the webhook"}.",
            _ => "Unknown step.",
        };
    }

    private static string TargetOf(string playbookId, int index, PlaybookStep step, SortedDictionary<string, JsonObject> targets)
    {
        switch (step.Kind)
        {
            case PlaybookStepKind.RestrictWrites or PlaybookStepKind.Isolate:
                targets[Assets] = new JsonObject
                {
                    ["type"] = "group",
                    ["name"] = "The detection's asset, within the trigger's scope (plants, zone kinds, asset types)",
                };
                return Assets;
            case PlaybookStepKind.StepUpMfa or PlaybookStepKind.RevokeGrants or PlaybookStepKind.Lock:
                targets[Identity] = new JsonObject
                {
                    ["type"] = "individual",
                    ["name"] = "The identity of the detection or incident",
                };
                return Identity;
            case PlaybookStepKind.Webhook when step.Url is { IsAbsoluteUri: true } url:
                var id = CacaoIds.Of("http-api", $"playbook/{playbookId}/step/{index}/webhook");
                var target = new JsonObject
                {
                    ["type"] = "http-api",
                    ["name"] = $"Webhook {url.Host}",
                    ["address"] = new JsonObject { ["dname"] = new JsonArray(url.Host) },
                    ["port"] = url.Port.ToString(CultureInfo.InvariantCulture),
                };
                targets[id] = target;
                return id;
            default:
                targets[Siem] = new JsonObject
                {
                    ["type"] = "security-category",
                    ["name"] = "SIEM (ZtFleet export)",
                    ["category"] = new JsonArray("siem"),
                };
                return Siem;
        }
    }

    private static JsonObject Agent(string id) => id == ControlPlane
        ? new JsonObject
        {
            ["type"] = "security-category",
            ["name"] = "ZtFleet control plane (automatic response)",
            ["category"] = new JsonArray("orchestrator"),
        }
        : new JsonObject
        {
            ["type"] = "group",
            ["name"] = "Plant security team (applies or dismisses recommended steps)",
        };

    private static JsonObject StepExtension(PlaybookStep step, int index)
    {
        var node = new JsonObject
        {
            ["step_kind"] = Name(step.Kind),
            ["document_index"] = index,
            ["impact"] = step.Impact,
            ["mode"] = step.Mode == PlaybookMode.Auto ? "auto" : "recommend",
        };
        if (step.RevertAfter is { } revert)
        {
            node["revert_after_minutes"] = (long)revert.TotalMinutes;
        }

        if (step.Url is { } url)
        {
            node["url"] = url.OriginalString;
        }

        if (step.AccessFrom is { Count: > 0 } accessFrom)
        {
            node["access_from"] = new JsonArray(accessFrom.Select(a => (JsonNode?)a).ToArray());
        }

        return node;
    }

    private static JsonObject PlaybookExtension(PlaybookTrigger trigger)
    {
        static JsonArray Names<T>(IEnumerable<T>? values)
            where T : struct, Enum => new((values ?? []).Select(v => InventoryVocabulary.TryName(v, out var n) ? (JsonNode?)n : null).Where(n => n is not null).ToArray());

        return new JsonObject
        {
            ["trigger"] = new JsonObject
            {
                ["detections"] = Names(trigger.DetectionTypes),
                ["min_severity"] = InventoryVocabulary.TryName(trigger.MinSeverity, out var severity) ? severity : null,
                ["incident"] = Names(trigger.IncidentRules),
                ["plants"] = new JsonArray((trigger.Plants ?? []).Select(p => (JsonNode?)p).ToArray()),
                ["zone_kinds"] = Names(trigger.ZoneKinds),
                ["asset_types"] = Names(trigger.AssetTypes),
            },
        };
    }

    private static JsonObject ExtensionDefinition() => new()
    {
        ["type"] = "extension-definition",
        ["name"] = "ZtFleet playbook",
        ["description"] = "ZtFleet's own fields of a playbook: the trigger (playbook_extensions) and each step's kind, impact (0-100), mode (auto or recommend) and time to live (step_extensions). See docs/playbooks.md.",
        ["created_by"] = CreatedBy,
        ["schema"] = "https://ztfleet.io/docs/playbooks#cacao-extension",
        ["version"] = "1.0.0",
    };
}
