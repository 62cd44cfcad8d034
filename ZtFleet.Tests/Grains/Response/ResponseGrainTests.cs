using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Response;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains.Response;

/// <summary>
/// The plant's response grain: detections from the stream run playbooks through the quarantine and identity grains,
/// the safety guards hold, steps revert after their time to live, and every step is audited and exported.
/// </summary>
public sealed class ResponseGrainTests(ResponseClusterFixture fixture) : IClassFixture<ResponseClusterFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task A_detection_on_an_ordinary_plc_restricts_its_writes_at_once_and_the_restriction_expires_after_its_time_to_live()
    {
        var plant = await PlantAsync("restrict");
        ResponseClusterFixture.Add(Restrict(plant, "contain-" + plant));

        // Through the monitor and its stream, as a detection from telemetry arrives.
        var detection = Assert.Single(await Monitor(plant).RecordAsync([WriteOutsideBaseline(plant, "plc-1")]));
        var action = await ActionAsync(plant, a => a.Status == ResponseActionStatus.Applied);

        Assert.Equal(detection.Id, action.Trigger.Id);
        Assert.Equal(("playbook:contain-" + plant, StepDisposition.Apply), (action.AppliedBy, action.Step.Disposition));
        var inForce = Assert.Single((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
        Assert.Equal((AssetId.Parse("plc-1"), QuarantineMode.RestrictWrites, action.Quarantine), (inForce.Asset, inForce.Mode, inForce.Id));
        Assert.NotNull(action.RevertAt);

        // The step is audited with the incident the detection opened, and is on that incident's timeline.
        var correlator = fixture.Cluster.GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet);
        var incidentId = await correlator.IncidentOfDetectionAsync(plant, detection.Id);
        Assert.NotNull(incidentId);
        Assert.Equal(incidentId, action.Incident);
        var incident = await correlator.GetAsync(incidentId);
        Assert.Contains(incident!.Parts, p => p.Kind == IncidentPartKind.Response && p.Reference == action.Id && p.Actor == action.Actor);

        ResponseClusterFixture.Time.Advance(Ttl + TimeSpan.FromSeconds(1));
        var reverted = Assert.Single(await Response(plant).RevertDueAsync());

        Assert.Equal(ResponseActionStatus.Reverted, reverted.Status);
        Assert.Empty((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
        var quarantine = await fixture.Cluster.GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(plant, action.Quarantine!)).GetAsync();
        Assert.Equal(QuarantineStatus.Lifted, quarantine!.Status);
        var audit = await fixture.Cluster.GrainFactory.GetGrain<IAuditGrain>(plant.Value).ReadAsync(0, 100);
        Assert.Contains(audit, r => r.Entry.Action == "response.restrict-writes" && r.Entry.Actor == action.Actor && r.Entry.Detail.Contains(detection.Id, StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Entry.Action == "quarantine.expire" && r.Entry.Actor == action.Actor);
        // The step and its revert as remediation records (the detection and its incident are exported too).
        var exported = (await ResponseClusterFixture.Outbox.ReadAsync(0, 10_000)).Where(r => r.Plant == plant.Value && r.Kind == ExportKind.Remediation).ToList();
        Assert.Equal(2, exported.Count);
    }

    [Fact]
    public async Task The_same_trigger_on_a_safety_controller_only_opens_a_request_for_two_approvers()
    {
        var plant = await PlantAsync("safety");
        ResponseClusterFixture.Add(Restrict(plant, "contain-" + plant));

        var detection = Assert.Single(await Monitor(plant).RecordAsync([WriteOutsideBaseline(plant, "sis-1")]));
        var action = await ActionAsync(plant, a => a.Status == ResponseActionStatus.AwaitingApproval);
        var quarantine = fixture.Cluster.GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(plant, action.Quarantine!));
        var requested = await quarantine.GetAsync();

        Assert.Equal(detection.Id, action.Trigger.Id);
        Assert.Equal((QuarantineStatus.Requested, 2, QuarantineActorKind.Playbook), (requested!.Status, requested.RequiredApprovals, requested.Submission.RequestedBy.Kind));
        Assert.Empty((await PlantGrain(plant).GetQuarantinesAsync()).InForce);

        await quarantine.ApproveAsync(QuarantineActor.Person("anna"), null);
        Assert.Empty((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
        await quarantine.ApproveAsync(QuarantineActor.Person("ben"), null);
        var followed = Assert.Single(await Response(plant).RevertDueAsync());

        Assert.Equal(ResponseActionStatus.Applied, followed.Status);
        Assert.Single((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
        // Approvers put it in force: it does not expire by itself; its lift needs the approvers again.
        ResponseClusterFixture.Time.Advance(Ttl * 2);
        await Response(plant).RevertDueAsync();
        Assert.Single((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
    }

    [Fact]
    public async Task The_same_trigger_twice_and_a_second_detection_about_the_same_plc_restrict_it_once()
    {
        var plant = await PlantAsync("twice");
        ResponseClusterFixture.Add(Restrict(plant, "contain-" + plant));
        var response = Response(plant);
        var first = Assert.Single(await Monitor(plant).RecordAsync([WriteOutsideBaseline(plant, "plc-1")]));
        var other = Assert.Single(await Monitor(plant).RecordAsync([WriteOutsideBaseline(plant, "plc-1") with { Key = "function-code-outside-baseline:hmi-1>plc-1:fc16" }]));

        await response.HandleAsync([first]);
        await response.HandleAsync([first, other]);
        await response.HandleAsync([first]);

        var actions = await response.ListAsync();
        Assert.Equal(ResponseActionStatus.Applied, Assert.Single(actions).Status);
    }

    [Fact]
    public async Task A_recommended_lock_waits_for_a_person_who_applies_it_and_it_reverts_after_its_time_to_live()
    {
        var plant = await PlantAsync("lock");
        var identity = IdentityId.Parse("vendor-tech-lock");
        ResponseClusterFixture.Add(new Playbook("lock-" + plant, new PlaybookTrigger([DetectionType.OffShiftAccess], Severity.Low) { Plants = [plant.Value] },
        [
            new PlaybookStep(PlaybookStepKind.Lock, 40, PlaybookMode.Recommend, Ttl),
            new PlaybookStep(PlaybookStepKind.StepUpMfa, 10, PlaybookMode.Auto, Ttl),
        ]));
        var finding = new Finding(DetectionType.OffShiftAccess, Severity.Medium, plant, "off-shift-access:" + identity, "vendor-tech at 03:00.", ResponseClusterFixture.Time.GetUtcNow(), ["e1"]) { Identity = identity };

        await Monitor(plant).RecordAsync([finding]);
        var proposed = await ActionAsync(plant, a => a.Status == ResponseActionStatus.Proposed);
        var stepUp = (await Response(plant).ListAsync()).Single(a => a.Step.Step.Kind == PlaybookStepKind.StepUpMfa);
        var runtime = await Identity(identity).GetRuntimeAsync();

        Assert.Equal(ResponseActionStatus.Applied, stepUp.Status);
        Assert.NotNull(runtime.StepUpSince);
        Assert.False(runtime.Locked);
        Assert.Equal(StepGuard.Declared, proposed.Step.Guard);

        var applied = await Response(plant).ApplyAsync(proposed.Id, "carla");
        Assert.Equal((ResponseActionStatus.Applied, "carla"), (applied.Status, applied.AppliedBy));
        Assert.True((await Identity(identity).GetRuntimeAsync()).Locked);
        await Assert.ThrowsAsync<ZtFleet.Grains.Refusals.PreconditionFailedException>(() => Response(plant).ApplyAsync(proposed.Id, "carla"));

        ResponseClusterFixture.Time.Advance(Ttl + TimeSpan.FromSeconds(1));
        var reverted = await Response(plant).RevertDueAsync();

        Assert.Equal(2, reverted.Count);
        var after = await Identity(identity).GetRuntimeAsync();
        Assert.False(after.Locked);
        Assert.Null(after.StepUpSince);
    }

    [Fact]
    public async Task A_person_dismisses_a_recommendation_and_nothing_happens()
    {
        var plant = await PlantAsync("dismiss");
        ResponseClusterFixture.Add(new Playbook("iso-" + plant, new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.Low) { Plants = [plant.Value] },
            [new PlaybookStep(PlaybookStepKind.Isolate, 90, PlaybookMode.Auto, Ttl), new PlaybookStep(PlaybookStepKind.Webhook, 5, PlaybookMode.Auto, null) { Url = new Uri("https://soar.example/hook") }]));

        await Monitor(plant).RecordAsync([WriteOutsideBaseline(plant, "sis-1")]);
        var proposed = await ActionAsync(plant, a => a.Status == ResponseActionStatus.Proposed);
        var dismissed = await Response(plant).DismissAsync(proposed.Id, "carla", "planned vendor visit");

        Assert.Equal(StepGuard.Safety, proposed.Step.Guard);
        Assert.Equal((ResponseActionStatus.Dismissed, "carla"), (dismissed.Status, dismissed.ClosedBy));
        Assert.Empty((await PlantGrain(plant).GetQuarantinesAsync()).InForce);
        Assert.Contains(ResponseClusterFixture.Webhooks.Calls, c => c.Json.Contains(plant.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_playbook_triggered_by_an_incident_rule_runs_when_the_correlator_opens_the_incident()
    {
        var plant = await PlantAsync("incident-rule");
        var identity = IdentityId.Parse("vendor-tech-incident-rule");
        ResponseClusterFixture.Add(new Playbook("on-incident-" + plant, new PlaybookTrigger([], Severity.Low) { Plants = [plant.Value], IncidentRules = [IncidentRule.Opened] },
            [new PlaybookStep(PlaybookStepKind.StepUpMfa, 10, PlaybookMode.Auto, Ttl)]));
        var finding = new Finding(DetectionType.MfaFailureBurst, Severity.Medium, plant, "mfa-failure-burst:" + identity, "vendor-tech failed MFA 12 times.", ResponseClusterFixture.Time.GetUtcNow(), ["e1"]) { Identity = identity };
        await Response(plant).CatchUpAsync(); // the first catch-up places the grain's incident cursor

        // No playbook names the detection type: only the incident the correlator opens for it fires one.
        var detection = Assert.Single(await Monitor(plant).RecordAsync([finding]));
        var correlator = fixture.Cluster.GrainFactory.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet);
        var incidentId = await correlator.IncidentOfDetectionAsync(plant, detection.Id);
        Assert.NotNull(incidentId);
        var incident = await correlator.GetAsync(incidentId);
        Assert.Contains(plant, incident!.Plants);
        Assert.Equal(identity, Assert.Single(incident.Parts, p => p.Kind == IncidentPartKind.Detection).Identity);
        var action = await ActionAsync(plant, a => a.Trigger.Source == ResponseTriggerSource.Incident);

        Assert.Equal((ResponseActionStatus.Applied, PlaybookStepKind.StepUpMfa), (action.Status, action.Step.Step.Kind));
        Assert.Equal(action.Trigger.Id, action.Incident);
        Assert.Equal([IncidentRule.Opened], action.Trigger.IncidentRules);
        Assert.NotNull((await Identity(identity).GetRuntimeAsync()).StepUpSince);

        // The catch-up that makes up for a lost call from the correlator reads the incident again: it runs nothing twice.
        await Response(plant).CatchUpAsync();
        Assert.Single(await Response(plant).ListAsync(), a => a.Trigger.Source == ResponseTriggerSource.Incident);
    }

    private static Playbook Restrict(PlantId plant, string id) =>
        new(id, new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.Medium) { Plants = [plant.Value] },
            [new PlaybookStep(PlaybookStepKind.RestrictWrites, 60, PlaybookMode.Auto, Ttl)]);

    private static Finding WriteOutsideBaseline(PlantId plant, string asset) =>
        new(DetectionType.FunctionCodeOutsideBaseline, Severity.High, plant, $"function-code-outside-baseline:ews-1>{asset}:fc16", $"ews-1 wrote fc16 to {asset}.", ResponseClusterFixture.Time.GetUtcNow(), ["e1"])
        {
            Asset = AssetId.Parse(asset),
        };

    private async Task<ResponseAction> ActionAsync(PlantId plant, Func<ResponseAction, bool> wanted)
    {
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            if ((await Response(plant).ListAsync()).FirstOrDefault(wanted) is { } action)
            {
                return action;
            }

            Assert.True(DateTime.UtcNow < until, "no response action arrived");
            await Task.Delay(50);
        }
    }

    private async Task<PlantId> PlantAsync(string suffix)
    {
        var document = FleetDocuments.Unique(FleetDocuments.Read(TestFleets.TwoPlants), suffix);
        await fixture.Cluster.GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document, FleetDocuments.Options());
        return PlantId.Parse($"berlin-{suffix}");
    }

    private IResponseGrain Response(PlantId plant) => fixture.Cluster.GrainFactory.GetGrain<IResponseGrain>(GrainKeys.Plant(plant));

    private IPlantMonitorGrain Monitor(PlantId plant) => fixture.Cluster.GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant));

    private IPlantGrain PlantGrain(PlantId plant) => fixture.Cluster.GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));

    private IIdentityGrain Identity(IdentityId identity) => fixture.Cluster.GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(identity));
}
