using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>The fleet document's <c>response:</c> section and <c>neverAuto</c>: read, written back, compared.</summary>
public sealed class ResponseSectionTests
{
    [Fact]
    public void The_section_reads_into_playbooks_with_their_triggers_and_steps()
    {
        var response = FleetSamples.Read(ResponseSamples.Document()).Response!;

        Assert.Equal(TimeSpan.FromMinutes(60), response.CorrelationWindow);
        Assert.Equal(10, response.AutoActionsPerHour);
        var contain = response.Playbooks[0];
        Assert.Equal("contain-unexpected-writes", contain.Id);
        Assert.Equal([DetectionType.FunctionCodeOutsideBaseline, DetectionType.RefusedWrite], contain.Trigger.DetectionTypes);
        Assert.Equal(Severity.High, contain.Trigger.MinSeverity);
        Assert.Equal([ZoneKind.OtControl], contain.Trigger.ZoneKinds);
        Assert.Equal([AssetType.Plc], contain.Trigger.AssetTypes);
        Assert.Equal(new PlaybookStep(PlaybookStepKind.Alert, 0, PlaybookMode.Recommend, null), contain.Steps[0]);
        Assert.Equal(new PlaybookStep(PlaybookStepKind.RestrictWrites, 40, PlaybookMode.Auto, TimeSpan.FromMinutes(30)), contain.Steps[1]);
        Assert.Equal(new Uri("https://soar.example.com/hook"), contain.Steps[2].Url);
        var vendor = response.Playbooks[1];
        Assert.Equal([IncidentRule.CrossPlant], vendor.Trigger.IncidentRules);
        Assert.Null(vendor.Steps[2].RevertAfter);
    }

    [Fact]
    public void A_document_without_the_section_has_none_and_an_empty_section_takes_the_defaults()
    {
        Assert.Null(FleetSamples.Document().Response);
        var empty = FleetSamples.Read(ResponseSamples.Document("response: {}")).Response!;
        Assert.Equal(ResponseSettings.Default.CorrelationWindow, empty.CorrelationWindow);
        Assert.Equal(ResponseSettings.Default.AutoActionsPerHour, empty.AutoActionsPerHour);
        Assert.Empty(empty.Playbooks);
    }

    [Fact]
    public void Never_auto_is_read_on_assets_and_identities_and_written_back()
    {
        var text = FleetSamples.Replace("        safetyRelated: false\n", "        safetyRelated: false\n        neverAuto: true\n");
        text = FleetSamples.Replace("    kind: contractor\n", "    kind: contractor\n    neverAuto: true\n", text);

        var document = FleetSamples.Read(text);
        var reread = FleetSamples.Read(FleetDocumentWriter.ToYaml(document));

        Assert.True(document.Plants[0].Assets.Single(a => a.Id.Value == "plc-press-1").NeverAuto);
        Assert.False(document.Plants[0].Assets.Single(a => a.Id.Value == "hmi-1").NeverAuto);
        Assert.True(document.Identities.Single(i => i.Id.Value == "contractor-1").NeverAuto);
        Assert.True(reread.Plants[0].Assets.Single(a => a.Id.Value == "plc-press-1").NeverAuto);
        Assert.True(reread.Identities.Single(i => i.Id.Value == "contractor-1").NeverAuto);
        Assert.DoesNotContain("neverAuto: false", FleetDocumentWriter.ToYaml(document), StringComparison.Ordinal);
        Assert.Contains(
            FleetDiff.Compute(FleetSamples.Document(), document, prune: false),
            c => c is { Kind: EntityKind.Asset, Id: "plc-press-1", Change: ChangeKind.Changed } && c.ChangedFields.Contains("neverAuto"));
        Assert.Contains(
            FleetDiff.Compute(FleetSamples.Document(), document, prune: false),
            c => c is { Kind: EntityKind.Identity, Id: "contractor-1" } && c.ChangedFields.Contains("neverAuto"));
    }

    [Fact]
    public void The_section_is_written_back_and_reads_as_it_was()
    {
        var document = FleetSamples.Read(ResponseSamples.Document());

        var yaml = FleetDocumentWriter.ToYaml(document);
        var reread = FleetSamples.Read(yaml);

        Assert.Empty(FleetDiff.Compute(document, reread, prune: false));
        Assert.Equal(yaml, FleetDocumentWriter.ToYaml(reread));
        Assert.Contains("revertAfterMinutes: 30", yaml, StringComparison.Ordinal);
        Assert.Contains("detections: [function-code-outside-baseline, refused-write]", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_lists_added_changed_and_removed_playbooks_and_the_settings_as_a_policy_change()
    {
        var current = FleetSamples.Read(ResponseSamples.Document());
        var desired = FleetSamples.Read(ResponseSamples.Document(ResponseSamples.Section
            .Replace("correlationWindowMinutes: 60", "correlationWindowMinutes: 90", StringComparison.Ordinal)
            .Replace("impact: 40, mode: auto, revertAfterMinutes: 30", "impact: 40, mode: auto, revertAfterMinutes: 15", StringComparison.Ordinal)
            .Replace("id: vendor-account-abuse", "id: vendor-account-watch", StringComparison.Ordinal)));

        var changes = FleetDiff.Compute(current, desired, prune: false);

        Assert.Contains(changes, c => c is { Kind: EntityKind.Policy, Id: FleetDiff.ResponseId, Change: ChangeKind.Changed } && c.ChangedFields.SequenceEqual(["correlationWindowMinutes"]));
        Assert.Contains(changes, c => c is { Kind: EntityKind.Playbook, Id: "contain-unexpected-writes", Change: ChangeKind.Changed } && c.ChangedFields.SequenceEqual(["steps"]));
        Assert.Contains(changes, c => c is { Kind: EntityKind.Playbook, Id: "vendor-account-watch", Change: ChangeKind.Added });
        Assert.Contains(changes, c => c is { Kind: EntityKind.Playbook, Id: "vendor-account-abuse", Change: ChangeKind.Removed });
    }

    [Fact]
    public void Without_the_section_an_apply_keeps_the_playbooks_and_with_prune_restores_none()
    {
        var current = FleetSamples.Read(ResponseSamples.Document());
        var desired = FleetSamples.Document();

        Assert.DoesNotContain(FleetDiff.Compute(current, desired, prune: false), c => c.Kind == EntityKind.Playbook);
        Assert.Equal(2, FleetDiff.ApplyTo(current, desired, prune: false).EffectiveResponse.Playbooks.Count);
        Assert.Equal(2, FleetDiff.Compute(current, desired, prune: true).Count(c => c is { Kind: EntityKind.Playbook, Change: ChangeKind.Removed }));
        Assert.Empty(FleetDiff.ApplyTo(current, desired, prune: true).EffectiveResponse.Playbooks);
    }

    [Fact]
    public void A_plant_runs_the_playbooks_whose_scope_admits_it()
    {
        var response = FleetSamples.Read(ResponseSamples.Document()).Response!;
        var scoped = response with
        {
            Playbooks = [response.Playbooks[0] with { Trigger = response.Playbooks[0].Trigger with { Plants = ["austin"] } }, response.Playbooks[1]],
        };

        var berlin = PlaybookScope.ForPlant(scoped, PlantId.Parse("berlin"));
        var austin = PlaybookScope.ForPlant(scoped, PlantId.Parse("austin"));

        Assert.Equal(["vendor-account-abuse"], berlin.Playbooks.Select(p => p.Id));
        Assert.Equal(["contain-unexpected-writes", "vendor-account-abuse"], austin.Playbooks.Select(p => p.Id));
        Assert.Equal(scoped.CorrelationWindow, berlin.CorrelationWindow);
    }
}
