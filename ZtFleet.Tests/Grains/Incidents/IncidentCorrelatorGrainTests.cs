using System.Text.Json;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains.Incidents;

/// <summary>
/// The fleet's incident correlator fed the real way: plant monitors storing findings, the quarantine workflow; and
/// what it gives: incidents in the store, export records, change notices; and people's and playbooks' changes.
/// </summary>
/// <remarks>The tests share one correlator: each applies its own suffixed plants and identities and finds its incident by them.</remarks>
public sealed class IncidentCorrelatorGrainTests(IncidentClusterFixture fixture) : IClassFixture<IncidentClusterFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private IIncidentCorrelatorGrain Correlator => fixture.Cluster.GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet);

    [Fact]
    public async Task A_vendor_account_locked_out_at_one_plant_and_off_shift_at_another_is_one_cross_plant_incident_exported()
    {
        var (berlin, austin) = await PlantsAsync("vendor");
        var vendor = IdentityId.Parse("vendor-tech-vendor");

        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.Lockout, Severity.High, $"lockout:{vendor}") with { Identity = vendor }]);
        await Monitor(austin).RecordAsync([Finding(austin, DetectionType.OffShiftAccess, Severity.Medium, $"off-shift-access:{vendor}") with { Identity = vendor }]);

        var incident = await EventuallyAsync(new IncidentQuery { Identity = vendor }, i => i.Parts.Count == 2);
        Assert.True(incident.CrossPlant);
        Assert.Equal([berlin, austin], incident.Plants);
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.StartsWith($"Identity {vendor}: lockout at {berlin}, off shift access at {austin}", incident.Title, StringComparison.Ordinal);

        var exported = await IncidentClusterFixture.Outbox.ReadAsync(0, 100_000);
        var last = exported.Last(r => r.Kind == ExportKind.Incident && r.Body.Contains(incident.Id + "\"", StringComparison.Ordinal));
        var body = JsonSerializer.Deserialize<Incident>(last.Body, ZtFleetSerialization.JsonOptions)!;
        Assert.Equal((incident.Id, incident.Revision, Severity.Critical, (string?)null), (body.Id, body.Revision, last.Severity, last.Plant));
    }

    [Fact]
    public async Task Detections_along_conduits_form_a_chain_that_reaches_the_safety_zone()
    {
        var (berlin, _) = await PlantsAsync("chain");

        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.NewTalker, Severity.Medium, "new-talker:x>ews-1") with { Asset = AssetId.Parse("ews-1") }]);
        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.FunctionCodeOutsideBaseline, Severity.Medium, "fc:ews-1>sis-1") with { Asset = AssetId.Parse("sis-1") }]);

        var incident = await EventuallyAsync(new IncidentQuery { Plants = [berlin], Asset = AssetId.Parse("sis-1") }, i => i.Parts.Count == 2);
        Assert.Equal([$"{berlin}/site-ops", $"{berlin}/safety"], incident.ZonePath);
        Assert.True(incident.TowardSafety);
        Assert.Equal(Severity.High, incident.Severity);
    }

    [Fact]
    public async Task Detections_stored_behind_the_correlators_back_are_read_from_the_store()
    {
        var (berlin, _) = await PlantsAsync("gap");
        var (_, revision) = await IncidentClusterFixture.Detections.LastAsync(berlin);
        var lost = DetectionRecording.Open($"{berlin}-900", Finding(berlin, DetectionType.RefusedWrite, Severity.High, "refused-write:plc-1") with { Asset = AssetId.Parse("plc-1") }, revision + 1);
        await IncidentClusterFixture.Detections.SaveAsync([lost]);

        await Correlator.CatchUpAsync();

        var page = await Correlator.ListAsync(new IncidentQuery { Plants = [berlin] });
        Assert.Contains(page.Incidents, i => i.Parts.Any(p => p.Reference == lost.Id));
    }

    [Fact]
    public async Task A_quarantine_joins_the_incident_of_its_asset_and_people_and_playbooks_add_to_the_timeline()
    {
        var (berlin, _) = await PlantsAsync("people");
        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.ChangeOutsideMaintenance, Severity.High, "change:hmi-1") with { Asset = AssetId.Parse("hmi-1") }]);
        await fixture.Cluster.GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(berlin, "q-1")).RequestAsync(
            new QuarantineSubmission(berlin, AssetId.Parse("hmi-1"), QuarantineMode.RestrictWrites, [], "program changed at night", QuarantineActor.Person("carol")));

        var incident = await EventuallyAsync(new IncidentQuery { Plants = [berlin], Asset = AssetId.Parse("hmi-1") }, i => i.Parts.Count == 2);
        var quarantine = Assert.Single(incident.Parts, p => p.Kind == IncidentPartKind.Quarantine);
        Assert.Contains("in-force", quarantine.Summary, StringComparison.Ordinal);

        var step = new IncidentPart(IncidentPartKind.Response, "step-1", berlin, IncidentClusterFixture.Time.GetUtcNow(), Severity.Low, "Alerted the OT on-call.") { Actor = "playbook:night-change" };
        var withStep = await Correlator.AttachResponseAsync(incident.Id, step);
        var assigned = await Correlator.AssignAsync(incident.Id, "alice", "alice (fleet-admin)");
        var commented = await Correlator.CommentAsync(incident.Id, "alice (fleet-admin)", "Called the shift lead.", null);
        var closed = await Correlator.CloseAsync(incident.Id, "alice (fleet-admin)", "planned change, ticket CHG-1234");

        Assert.Contains(withStep.Parts, p => p.Actor == "playbook:night-change");
        Assert.Equal((IncidentStatus.Investigating, "alice"), (assigned.Status, assigned.Owner));
        Assert.Contains(commented.Parts, p => p.Summary == "Called the shift lead.");
        Assert.Equal((IncidentStatus.Closed, "planned change, ticket CHG-1234"), (closed.Status, closed.CloseReason));
        Assert.True(closed.Revision > commented.Revision && commented.Revision > assigned.Revision);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Correlator.CloseAsync(incident.Id, "bob", "again"));
        await Assert.ThrowsAsync<NotFoundException>(() => Correlator.AssignAsync("inc-999999", "bob", "bob"));

        // Closed: the next detection of the asset opens a new incident.
        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.RefusedWrite, Severity.High, "refused:hmi-1") with { Asset = AssetId.Parse("hmi-1") }]);
        var next = await EventuallyAsync(new IncidentQuery { Plants = [berlin], Asset = AssetId.Parse("hmi-1"), Statuses = [IncidentStatus.Open] }, _ => true);
        Assert.NotEqual(incident.Id, next.Id);
    }

    [Fact]
    public async Task Changes_after_a_revision_come_in_revision_order()
    {
        var (berlin, _) = await PlantsAsync("order");
        var before = await Correlator.GetRevisionAsync();
        await Monitor(berlin).RecordAsync([Finding(berlin, DetectionType.Scanning, Severity.Low, "scan:mes-1") with { Asset = AssetId.Parse("mes-1") }]);
        await EventuallyAsync(new IncidentQuery { Plants = [berlin], Asset = AssetId.Parse("mes-1") }, _ => true);

        var changed = await Correlator.ChangedAfterAsync(before, 100);

        Assert.NotEmpty(changed);
        Assert.Equal(changed.Select(i => i.Revision).Order(), changed.Select(i => i.Revision));
        Assert.All(changed, i => Assert.True(i.Revision > before));
    }

    private IPlantMonitorGrain Monitor(PlantId plant) => fixture.Cluster.GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant));

    private async Task<(PlantId Berlin, PlantId Austin)> PlantsAsync(string suffix)
    {
        var document = FleetDocuments.Unique(FleetDocuments.Read(TestFleets.TwoPlants), suffix);
        await fixture.Cluster.GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document, FleetDocuments.Options());
        return (PlantId.Parse($"berlin-{suffix}"), PlantId.Parse($"austin-{suffix}"));
    }

    private async Task<Incident> EventuallyAsync(IncidentQuery query, Func<Incident, bool> done)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var page = await Correlator.ListAsync(query);
            if (page.Incidents.FirstOrDefault(done) is { } incident)
            {
                return incident;
            }

            // The monitors call the correlator one-way: wait for the turn that stores the incident.
            await Task.Delay(20, timeout.Token);
        }
    }

    private static Finding Finding(PlantId plant, DetectionType type, Severity severity, string key) =>
        new(type, severity, plant, key, $"{key} happened.", IncidentClusterFixture.Time.GetUtcNow(), ["e1"]);
}
