using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>The planner and its safety guards, as tables: what each target and step turns into.</summary>
public sealed class ResponsePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero); // a Wednesday
    private static readonly PlantId Plant = PlantId.Parse("plant-a");

    private static PlaybookStep Step(PlaybookStepKind kind, int impact, PlaybookMode mode = PlaybookMode.Auto) =>
        new(kind, impact, mode, ResponseAction.Reverts(kind) ? TimeSpan.FromMinutes(30) : null) { Url = kind == PlaybookStepKind.Webhook ? new Uri("https://soar.example/hook") : null };

    private static Playbook OneStep(PlaybookStepKind kind, PlaybookMode mode = PlaybookMode.Auto) =>
        new("pb", new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.Medium), [Step(kind, 50, mode)]);

    private static ResponseTriggerEvent Trigger(string id = "plant-a-1", Severity severity = Severity.High) =>
        new(ResponseTriggerSource.Detection, id, Plant, DetectionType.FunctionCodeOutsideBaseline, severity, Now)
        {
            Asset = AssetId.Parse("plc-1"),
            Identity = IdentityId.Parse("vendor-1"),
        };

    private static ResponseTarget Target(bool safetyRelated = false, ZoneKind zone = ZoneKind.OtControl, bool assetNeverAuto = false, bool identityNeverAuto = false, AssetType type = AssetType.Plc) =>
        new()
        {
            Asset = new TargetAsset(AssetId.Parse("plc-1"), type, ZoneId.Parse("cell-1"), zone, safetyRelated, assetNeverAuto),
            Identity = new TargetIdentity(IdentityId.Parse("vendor-1"), identityNeverAuto),
            TimeZone = "UTC",
        };

    private static ResponseSettings Settings(params Playbook[] playbooks) => new(playbooks, TimeSpan.FromHours(1), 10);

    private static PlannedStep Only(ResponseSettings settings, ResponseTarget target, int autoActions = 0) =>
        Assert.Single(ResponsePlanner.Plan(settings, Trigger(), target, autoActions, new HashSet<string>(), Now).Steps);

    public static TheoryData<PlaybookStepKind, bool, ZoneKind, StepDisposition, StepGuard> SafetyTable => new()
    {
        // kind, safety-related, zone kind → what the plan does
        { PlaybookStepKind.Isolate, false, ZoneKind.OtControl, StepDisposition.Apply, StepGuard.None },
        { PlaybookStepKind.Isolate, true, ZoneKind.OtControl, StepDisposition.Recommend, StepGuard.Safety },
        { PlaybookStepKind.Isolate, false, ZoneKind.Safety, StepDisposition.Recommend, StepGuard.Safety },
        { PlaybookStepKind.Isolate, true, ZoneKind.Safety, StepDisposition.Recommend, StepGuard.Safety },
        { PlaybookStepKind.RestrictWrites, false, ZoneKind.OtControl, StepDisposition.Apply, StepGuard.None },
        { PlaybookStepKind.RestrictWrites, true, ZoneKind.OtControl, StepDisposition.RequestApproval, StepGuard.SafetyApproval },
        { PlaybookStepKind.RestrictWrites, true, ZoneKind.Safety, StepDisposition.RequestApproval, StepGuard.SafetyApproval },
        { PlaybookStepKind.RestrictWrites, false, ZoneKind.Safety, StepDisposition.Recommend, StepGuard.Safety },
        { PlaybookStepKind.Lock, true, ZoneKind.Safety, StepDisposition.Apply, StepGuard.None },
        { PlaybookStepKind.Webhook, true, ZoneKind.Safety, StepDisposition.Apply, StepGuard.None },
        { PlaybookStepKind.Alert, true, ZoneKind.Safety, StepDisposition.Apply, StepGuard.None },
    };

    [Theory]
    [MemberData(nameof(SafetyTable))]
    public void No_automatic_step_isolates_safety_and_restricting_a_safety_asset_asks_the_approvers(
        PlaybookStepKind kind, bool safetyRelated, ZoneKind zone, StepDisposition disposition, StepGuard guard)
    {
        var step = Only(Settings(OneStep(kind)), Target(safetyRelated, zone));

        Assert.Equal((disposition, guard), (step.Disposition, step.Guard));
        Assert.Equal(guard == StepGuard.None, step.Reason is null);
    }

    [Theory]
    [InlineData(PlaybookStepKind.Isolate)]
    [InlineData(PlaybookStepKind.RestrictWrites)]
    public void A_safety_controller_not_marked_safety_related_is_never_quarantined_automatically(PlaybookStepKind kind)
    {
        var step = Only(Settings(OneStep(kind)), Target(type: AssetType.SafetyController));

        Assert.Equal((StepDisposition.Recommend, StepGuard.Safety), (step.Disposition, step.Guard));
        Assert.Contains("safety controller", step.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<PlaybookStepKind, bool, bool, StepDisposition> NeverAutoTable => new()
    {
        // kind, asset never-auto, identity never-auto → disposition
        { PlaybookStepKind.RestrictWrites, true, false, StepDisposition.Recommend },
        { PlaybookStepKind.Isolate, true, false, StepDisposition.Recommend },
        { PlaybookStepKind.RestrictWrites, false, true, StepDisposition.Apply },
        { PlaybookStepKind.Lock, false, true, StepDisposition.Recommend },
        { PlaybookStepKind.StepUpMfa, false, true, StepDisposition.Recommend },
        { PlaybookStepKind.RevokeGrants, false, true, StepDisposition.Recommend },
        { PlaybookStepKind.Lock, true, false, StepDisposition.Apply },
        { PlaybookStepKind.Alert, true, true, StepDisposition.Apply },
    };

    [Theory]
    [MemberData(nameof(NeverAutoTable))]
    public void Never_auto_targets_only_get_recommendations_for_steps_on_them(PlaybookStepKind kind, bool assetNeverAuto, bool identityNeverAuto, StepDisposition disposition)
    {
        var step = Only(Settings(OneStep(kind)), Target(assetNeverAuto: assetNeverAuto, identityNeverAuto: identityNeverAuto));

        Assert.Equal(disposition, step.Disposition);
        Assert.Equal(disposition == StepDisposition.Recommend ? StepGuard.NeverAuto : StepGuard.None, step.Guard);
    }

    public static TheoryData<PlaybookStepKind, bool> MaintenanceTable => new()
    {
        // kind → still automatic inside the plant's maintenance window?
        { PlaybookStepKind.Alert, true },
        { PlaybookStepKind.Webhook, true },
        { PlaybookStepKind.StepUpMfa, true },
        { PlaybookStepKind.RevokeGrants, false },
        { PlaybookStepKind.Lock, false },
        { PlaybookStepKind.RestrictWrites, false },
        { PlaybookStepKind.Isolate, false },
    };

    [Theory]
    [MemberData(nameof(MaintenanceTable))]
    public void Inside_a_maintenance_window_disruptive_steps_are_recommended(PlaybookStepKind kind, bool automatic)
    {
        var window = new MaintenanceWindowSpec("mw", "Wednesday service", new TimeOnly(8, 0), new TimeOnly(12, 0), [DayOfWeek.Wednesday]);
        var inside = Only(Settings(OneStep(kind)), Target() with { MaintenanceWindows = [window] });
        var outside = Only(Settings(OneStep(kind)), Target() with { MaintenanceWindows = [window with { Days = [DayOfWeek.Sunday] }] });

        Assert.Equal(automatic, inside.Automatic);
        Assert.Equal(automatic ? StepGuard.None : StepGuard.MaintenanceWindow, inside.Guard);
        Assert.True(outside.Automatic);
    }

    [Fact]
    public void Steps_come_least_impact_first_and_the_hourly_limit_turns_the_rest_into_recommendations()
    {
        var playbook = new Playbook("contain", new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.Low),
        [
            Step(PlaybookStepKind.RestrictWrites, 60),
            Step(PlaybookStepKind.Alert, 0),
            Step(PlaybookStepKind.Lock, 40),
            Step(PlaybookStepKind.StepUpMfa, 10),
            Step(PlaybookStepKind.Webhook, 5),
        ]);

        var plan = ResponsePlanner.Plan(new ResponseSettings([playbook], TimeSpan.FromHours(1), 10), Trigger(), Target(), 8, new HashSet<string>(), Now);

        Assert.Equal(
            [PlaybookStepKind.Alert, PlaybookStepKind.Webhook, PlaybookStepKind.StepUpMfa, PlaybookStepKind.Lock, PlaybookStepKind.RestrictWrites],
            plan.Steps.Select(s => s.Step.Kind));
        // Eight taken, ten allowed: the alert does not count, the webhook and the step-up take the last two.
        Assert.Equal(
            [StepGuard.None, StepGuard.None, StepGuard.None, StepGuard.RateLimit, StepGuard.RateLimit],
            plan.Steps.Select(s => s.Guard));
        Assert.All(plan.Steps.Skip(3), s => Assert.Equal(StepDisposition.Recommend, s.Disposition));
    }

    [Fact]
    public void The_same_step_is_not_planned_again_while_it_is_in_force()
    {
        var settings = Settings(OneStep(PlaybookStepKind.RestrictWrites), OneStep(PlaybookStepKind.Alert) with { Id = "tell" });
        var first = ResponsePlanner.Plan(settings, Trigger(), Target(), 0, new HashSet<string>(), Now);
        var active = first.Steps.Select(s => s.Key).ToHashSet();

        var again = ResponsePlanner.Plan(settings, Trigger(), Target(), 1, active, Now);
        var otherDetectionSamePlc = ResponsePlanner.Plan(settings, Trigger("plant-a-2"), Target(), 1, active, Now);

        Assert.Equal(2, first.Steps.Count);
        Assert.Empty(again.Steps);
        Assert.Equal(2, again.Skipped.Count);
        // Another detection about the same PLC: no second restriction, but its own alert.
        Assert.Equal([PlaybookStepKind.Alert], otherDetectionSamePlc.Steps.Select(s => s.Step.Kind));
    }

    [Fact]
    public void A_trigger_matches_by_type_severity_plant_zone_kind_and_asset_type()
    {
        var trigger = new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.High);

        Assert.True(ResponsePlanner.Matches(trigger, Trigger(), Target()));
        Assert.False(ResponsePlanner.Matches(trigger, Trigger(severity: Severity.Medium), Target()));
        Assert.True(ResponsePlanner.Matches(trigger, Trigger(severity: Severity.Unspecified), Target()));
        Assert.False(ResponsePlanner.Matches(trigger, Trigger() with { Type = DetectionType.NewTalker }, Target()));
        Assert.False(ResponsePlanner.Matches(trigger with { Plants = ["plant-b"] }, Trigger(), Target()));
        Assert.True(ResponsePlanner.Matches(trigger with { Plants = ["plant-a"] }, Trigger(), Target()));
        Assert.False(ResponsePlanner.Matches(trigger with { ZoneKinds = [ZoneKind.Safety] }, Trigger(), Target()));
        Assert.True(ResponsePlanner.Matches(trigger with { ZoneKinds = [ZoneKind.OtControl] }, Trigger(), Target()));
        Assert.False(ResponsePlanner.Matches(trigger with { AssetTypes = [AssetType.Hmi] }, Trigger(), Target()));
        Assert.False(ResponsePlanner.Matches(trigger with { AssetTypes = [AssetType.Plc] }, Trigger(), new ResponseTarget()));
        var incident = Trigger() with { Source = ResponseTriggerSource.Incident, IncidentRules = [IncidentRule.CrossPlant] };
        Assert.False(ResponsePlanner.Matches(trigger, incident, Target()));
        Assert.True(ResponsePlanner.Matches(trigger with { IncidentRules = [IncidentRule.CrossPlant] }, incident, Target()));
    }

    [Fact]
    public void Steps_with_nothing_to_act_on_are_skipped_with_the_reason()
    {
        var plan = ResponsePlanner.Plan(
            Settings(new Playbook("pb", new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.Low),
                [Step(PlaybookStepKind.Lock, 10), Step(PlaybookStepKind.RestrictWrites, 20), Step(PlaybookStepKind.Alert, 0)])),
            Trigger() with { Identity = null },
            Target() with { Identity = null },
            0,
            new HashSet<string>(),
            Now);

        Assert.Equal([PlaybookStepKind.Alert, PlaybookStepKind.RestrictWrites], plan.Steps.Select(s => s.Step.Kind));
        Assert.Equal("the trigger names no identity", Assert.Single(plan.Skipped).Reason);
    }

    [Fact]
    public void A_person_applying_a_step_on_a_safety_asset_goes_through_the_approvers()
    {
        var safety = Target(safetyRelated: true).Asset;

        Assert.Equal(StepDisposition.RequestApproval, ResponsePlanner.WhenAppliedByPerson(PlaybookStepKind.Isolate, safety));
        Assert.Equal(StepDisposition.RequestApproval, ResponsePlanner.WhenAppliedByPerson(PlaybookStepKind.RestrictWrites, safety));
        Assert.Equal(StepDisposition.Apply, ResponsePlanner.WhenAppliedByPerson(PlaybookStepKind.RestrictWrites, Target().Asset));
        Assert.Equal(StepDisposition.Apply, ResponsePlanner.WhenAppliedByPerson(PlaybookStepKind.Lock, safety));
    }

    public static TheoryData<QuarantineActorKind, int?, int, int?, int, bool> ExpiryTable => new()
    {
        // requested by, ttl minutes, approvals needed, in force since (minutes ago), → expires now?
        { QuarantineActorKind.Playbook, 30, 0, 30, 0, true },
        { QuarantineActorKind.Playbook, 30, 0, 29, 0, false },
        { QuarantineActorKind.Playbook, null, 0, 60, 0, false },
        { QuarantineActorKind.Playbook, 30, 2, 60, 0, false },
        { QuarantineActorKind.Playbook, 30, 0, null, 0, false },
        { QuarantineActorKind.Person, 30, 0, 60, 0, false },
    };

    [Theory]
    [MemberData(nameof(ExpiryTable))]
    public void Only_a_playbooks_quarantine_put_in_force_without_approvers_expires_by_itself(
        QuarantineActorKind requestedBy, int? ttlMinutes, int approvals, int? sinceMinutesAgo, int unused, bool expires)
    {
        _ = unused;
        var ttl = ttlMinutes is { } t ? TimeSpan.FromMinutes(t) : (TimeSpan?)null;
        var since = sinceMinutesAgo is { } m ? Now - TimeSpan.FromMinutes(m) : (DateTimeOffset?)null;

        Assert.Equal(expires, QuarantineRules.Expires(requestedBy, ttl, approvals, since, Now));
    }
}
