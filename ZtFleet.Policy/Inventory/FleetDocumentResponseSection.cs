using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads the fleet document's <c>response:</c> section into <see cref="ResponseSettings"/> (omitted settings take the
/// defaults; omitted step modes are <c>recommend</c>). The rules (ranges, revert times, scopes, the safety guard,
/// webhook URLs) are checked by <see cref="FleetDocumentValidator"/>, so they exist once; this only reports unknown
/// keys, values that are not numbers, unknown spellings and what the model cannot hold (a missing impact, a URL
/// that is not a URL).
/// </summary>
internal static class FleetDocumentResponseSection
{
    private static readonly string[] ResponseKeys = ["correlationWindowMinutes", "autoActionsPerHour", "playbooks"];
    private static readonly string[] PlaybookKeys = ["id", "description", "trigger", "steps"];
    private static readonly string[] TriggerKeys = ["detections", "minSeverity", "incident", "plants", "zoneKinds", "assetTypes"];
    private static readonly string[] StepKeys = ["kind", "impact", "mode", "revertAfterMinutes", "url", "accessFrom", "description"];

    public static ResponseSettings Read(DocumentMapping mapping, DocumentReadContext context)
    {
        var fields = new DocumentFields(mapping, "response", 0, ResponseKeys, context);
        var defaults = ResponseSettings.Default;
        var window = fields.Int("correlationWindowMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.CorrelationWindow;
        var playbooks = fields.List("playbooks", (node, index) => ReadPlaybook(node, index, context));
        return new ResponseSettings(playbooks, window, fields.Int("autoActionsPerHour") ?? defaults.AutoActionsPerHour);
    }

    private static Playbook? ReadPlaybook(DocumentNode node, int index, DocumentReadContext context)
    {
        if (FleetDocumentReader.OpenNamed(
                node, "response.playbooks", index, PlaybookKeys, "a playbook must be a mapping (id, description, trigger, steps)", context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;
        var trigger = new PlaybookTrigger([], Severity.Unspecified);
        if (fields.Mapping("trigger") is { } triggerMapping)
        {
            trigger = ReadTrigger(new DocumentFields(triggerMapping, $"{fields.Path}.trigger", fields.Occurrence, TriggerKeys, context));
        }
        else if (!fields.Has("trigger"))
        {
            context.Report($"{fields.Path}.trigger", fields.Occurrence, fields.LineOf("id"), "trigger is required: the detections or incident rules that fire the playbook");
        }

        var steps = fields.List("steps", (n, i) => ReadStep(n, i, fields, context));
        var playbook = new Playbook(id ?? string.Empty, trigger, steps) { Description = fields.OptionalText("description") };
        return id is null ? null : playbook;
    }

    private static PlaybookTrigger ReadTrigger(DocumentFields fields)
    {
        var severity = fields.Has("minSeverity") ? fields.Enum<Severity>("minSeverity") : Severity.Low;
        return new PlaybookTrigger(fields.EnumList<DetectionType>("detections"), severity)
        {
            IncidentRules = fields.EnumList<IncidentRule>("incident"),
            Plants = fields.IdList<PlantId>("plants").Select(p => p.Value).ToList(),
            ZoneKinds = fields.EnumList<ZoneKind>("zoneKinds"),
            AssetTypes = fields.EnumList<AssetType>("assetTypes"),
        };
    }

    private static PlaybookStep? ReadStep(DocumentNode node, int index, DocumentFields playbook, DocumentReadContext context)
    {
        var path = FleetDocumentValidator.Key($"{playbook.Path}.steps", null, index);
        if (node is not DocumentMapping mapping)
        {
            context.Report(path, DocumentReadContext.Detached, node.Line, "a step must be a mapping (kind, impact, mode, revertAfterMinutes, url)");
            return null;
        }

        // A step has no id: it is named by position, and belongs to the model only when its playbook does.
        var occurrence = playbook.Detached ? DocumentReadContext.Detached : context.Enter(path, mapping.Line);
        var fields = new DocumentFields(mapping, path, occurrence, StepKeys, context);
        if (!fields.Has("kind"))
        {
            context.Report($"{path}.kind", occurrence, mapping.Line, $"kind is required: one of {InventoryVocabulary.Allowed<PlaybookStepKind>()}");
        }

        var impact = fields.Int("impact");
        if (impact is null && !fields.Has("impact"))
        {
            context.Report($"{path}.impact", occurrence, mapping.Line, "impact is required: 0 (changes nothing) to 100 (stops a process)");
        }

        Uri? url = null;
        if (fields.Text("url") is { } text)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed))
            {
                url = parsed;
            }
            else
            {
                context.Report($"{path}.url", occurrence, fields.LineOf("url"), $"{Echo.Of(text)} is not an absolute URL (https://soar.example/hook)");
            }
        }

        var minutes = fields.Int("revertAfterMinutes");
        return new PlaybookStep(
            fields.Enum<PlaybookStepKind>("kind"),
            impact ?? 0,
            fields.Has("mode") ? fields.Enum<PlaybookMode>("mode") : PlaybookMode.Recommend,
            minutes is { } m ? TimeSpan.FromMinutes(m) : null)
        {
            Url = url,
            AccessFrom = fields.Has("accessFrom") ? fields.IdList<AssetId>("accessFrom").Select(a => a.Value).ToList() : null,
            Description = fields.OptionalText("description"),
        };
    }
}
