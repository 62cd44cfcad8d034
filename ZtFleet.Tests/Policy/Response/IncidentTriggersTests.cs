using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>Which incident rules a change fires (each once, when it starts to hold), and the trigger a plant's response gets.</summary>
public sealed class IncidentTriggersTests
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly PlantId Austin = PlantId.Parse("austin");

    [Fact]
    public void A_new_incident_fires_opened_and_what_holds_and_a_later_change_only_what_starts_to_hold()
    {
        var opened = Incident([Part(Berlin, Severity.Medium)], Berlin);
        var spread = Incident([Part(Berlin, Severity.Medium), Part(Austin, Severity.High)], Berlin, Austin);
        var grown = spread with { Parts = [.. spread.Parts, Part(Austin, Severity.Low)] };
        var safety = grown with { TowardSafety = true };
        var closed = safety with { Status = IncidentStatus.Closed };

        Assert.Equal([IncidentRule.Opened], IncidentTriggers.Fired(null, opened));
        Assert.Equal([IncidentRule.Opened, IncidentRule.CrossPlant], IncidentTriggers.Fired(null, spread));
        Assert.Equal([IncidentRule.CrossPlant], IncidentTriggers.Fired(opened, spread));
        Assert.Empty(IncidentTriggers.Fired(spread, grown));
        Assert.Equal([IncidentRule.TowardSafety], IncidentTriggers.Fired(grown, safety));
        Assert.Empty(IncidentTriggers.Fired(safety, closed));
    }

    [Fact]
    public void A_plant_gets_the_incident_with_the_target_of_its_most_severe_part_there()
    {
        var incident = Incident(
            [
                Part(Berlin, Severity.Low) with { Asset = AssetId.Parse("hmi-1") },
                Part(Berlin, Severity.High) with { Identity = IdentityId.Parse("vendor-tech"), Type = DetectionType.MfaFailureBurst },
                Part(Austin, Severity.Critical) with { Asset = AssetId.Parse("plc-9") },
            ],
            Berlin,
            Austin);

        var trigger = ResponseTriggerEvent.Of(incident, Berlin, [IncidentRule.CrossPlant]);

        Assert.Equal((ResponseTriggerSource.Incident, "inc-1", Berlin), (trigger.Source, trigger.Id, trigger.Plant));
        Assert.Equal((IdentityId.Parse("vendor-tech"), (AssetId?)null, DetectionType.MfaFailureBurst), (trigger.Identity!.Value, trigger.Asset, trigger.Type));
        Assert.Equal([IncidentRule.CrossPlant], trigger.IncidentRules);
        Assert.Equal(("inc-1", incident.Severity), (trigger.Incident, trigger.Severity));
    }

    private static IncidentPart Part(PlantId plant, Severity severity) =>
        new(IncidentPartKind.Detection, $"{plant}-{severity}", plant, DateTimeOffset.UnixEpoch, severity, "x");

    private static Incident Incident(IReadOnlyList<IncidentPart> parts, params PlantId[] plants) =>
        new("inc-1", IncidentStatus.Open, parts.Max(p => p.Severity), "t", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, parts) { Plants = plants };
}
