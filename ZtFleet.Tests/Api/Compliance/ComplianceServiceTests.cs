using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Compliance;
using ZtFleet.Grains.Hosting;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Compliance;

/// <summary>
/// ComplianceService through the real API and silo (memory mode, fake clock), with a scripted assessor: assessments
/// on demand and on schedule are stored, listed, compared and audited; the plan's statuses persist across assessments;
/// exports and the report come from stored assessments; and each role gets what docs/compliance.md says.
/// </summary>
public sealed class ComplianceServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ScriptedAssessor _assessor;
    private readonly ApiServer _server;

    public ComplianceServiceTests()
    {
        _assessor = new ScriptedAssessor(_time);
        _server = new ApiServer(_time) { ConfigureSilo = silo => silo.Services.AddSingleton<IComplianceAssessor>(_assessor) };
    }

    private ComplianceService.ComplianceServiceClient Client => new(_server.Channel);

    private CallOptions Admin => _server.As(Role.FleetAdmin);

    private CallOptions BerlinAdmin => _server.AsSubject("alice", Role.PlantAdmin, "berlin");

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_assessment_on_demand_is_stored_listed_read_back_and_audited()
    {
        var assessed = (await Client.AssessAsync(new AssessComplianceRequest { Scope = "berlin" }, BerlinAdmin)).Assessment;
        _time.Advance(TimeSpan.FromHours(1));
        var second = (await Client.AssessAsync(new AssessComplianceRequest { Scope = "berlin" }, Admin)).Assessment;

        var listed = await Client.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "berlin", PageSize = 1 }, BerlinAdmin);
        var next = await Client.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "berlin", PageSize = 1, PageToken = listed.NextPageToken }, BerlinAdmin);
        var newest = (await Client.GetAssessmentAsync(new GetAssessmentRequest { Scope = "berlin" }, BerlinAdmin)).Assessment;
        var first = (await Client.GetAssessmentAsync(new GetAssessmentRequest { Scope = "berlin", AssessmentId = assessed.Summary.AssessmentId }, _server.As(Role.Auditor))).Assessment;
        var audit = await new AuditService.AuditServiceClient(_server.Channel).ListAuditRecordsAsync(
            new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = "compliance." }, Admin);

        Assert.Matches("^asm-[0-9a-f]{12}-[0-9a-f]{8}$", assessed.Summary.AssessmentId);
        Assert.Equal(("berlin", 2, 0, 5, 2, 1), (assessed.Summary.Scope, assessed.Summary.Zones, assessed.Summary.ZonesAtTarget, assessed.Summary.RequirementsFailing, assessed.Summary.ControlsApplicable, assessed.Summary.ControlsImplemented));
        Assert.Equal([second.Summary.AssessmentId], listed.Assessments.Select(a => a.AssessmentId));
        Assert.Equal([assessed.Summary.AssessmentId], next.Assessments.Select(a => a.AssessmentId));
        Assert.Empty(next.NextPageToken);
        Assert.Equal(second, newest);
        Assert.Equal(assessed, first);
        Assert.Equal([1, 2, 2, 2, 2, 2, 0], first.Zones[0].Achieved);
        Assert.Equal(
            [("alice (plant-admin)", assessed.Summary.AssessmentId), ("test-FleetAdmin (fleet-admin)", second.Summary.AssessmentId)],
            audit.Records.Where(r => r.Action == "compliance.assess").Select(r => (r.Actor, r.Target)).Reverse());
    }

    [Fact]
    public async Task Comparing_assessments_says_what_improved_and_regressed_and_since_when()
    {
        var before = await AssessAsync("berlin");
        _time.Advance(TimeSpan.FromDays(1));
        _assessor.Mfa = true;
        var improved = await AssessAsync("berlin");
        _time.Advance(TimeSpan.FromDays(1));
        var still = await AssessAsync("berlin");
        _time.Advance(TimeSpan.FromDays(1));
        _assessor.Mfa = false;
        var regressed = await AssessAsync("berlin");

        var up = await Client.CompareAssessmentsAsync(new CompareAssessmentsRequest { Scope = "berlin", FromAssessmentId = before, ToAssessmentId = still }, BerlinAdmin);
        var down = await Client.CompareAssessmentsAsync(new CompareAssessmentsRequest { Scope = "berlin", FromAssessmentId = still }, BerlinAdmin);

        var safety = Assert.Single(up.Improved, c => c.Key == "sl/berlin/safety/fr1");
        Assert.Equal(("1", "2", improved, Start.AddDays(1)), (safety.Before, safety.After, safety.SinceAssessmentId, safety.Since.ToDateTimeOffset()));
        Assert.Empty(up.Regressed);
        Assert.Equal(regressed, down.ToAssessmentId);
        Assert.Contains(down.Regressed, c => c.Key == "mat/Identity" && c.Before == "Advanced" && c.After == "Initial" && c.SinceAssessmentId == regressed);
        Assert.Empty(down.Improved);
    }

    [Fact]
    public async Task Action_statuses_persist_across_assessments_and_an_expired_acceptance_is_proposed_again()
    {
        await AssessAsync("berlin");
        var plan = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, BerlinAdmin);
        var jump = plan.Actions.Single(a => a.Fact == "remote.jump-host");
        Assert.Equal("identities.mfa", plan.Actions[0].Fact);
        Assert.All(plan.Actions, a => Assert.Equal(ImprovementActionStatus.Proposed, a.Status));

        var set = await Client.SetActionStatusAsync(new SetActionStatusRequest
        {
            Scope = "berlin",
            ActionId = jump.ActionId,
            Status = ImprovementActionStatus.RiskAccepted,
            Note = "the vendor contract ends in January",
            RiskAcceptedUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Start.AddDays(7)),
        }, BerlinAdmin);
        _time.Advance(TimeSpan.FromDays(1));
        var again = await AssessAsync("berlin");
        var during = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, BerlinAdmin);
        _time.Advance(TimeSpan.FromDays(7));
        var after = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, BerlinAdmin);
        var audit = await new AuditService.AuditServiceClient(_server.Channel).ListAuditRecordsAsync(
            new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = "compliance.action-status" }, Admin);

        Assert.Equal((ImprovementActionStatus.RiskAccepted, "alice (plant-admin)", "the vendor contract ends in January"), (set.Action.Status, set.Action.StatusBy, set.Action.StatusNote));
        Assert.Equal(again, during.AssessmentId);
        var held = during.Actions.Single(a => a.ActionId == jump.ActionId);
        Assert.Equal((ImprovementActionStatus.RiskAccepted, Start.AddDays(7)), (held.Status, held.RiskAcceptedUntil.ToDateTimeOffset()));
        var expired = after.Actions.Single(a => a.ActionId == jump.ActionId);
        Assert.Equal((ImprovementActionStatus.Proposed, true), (expired.Status, expired.AcceptanceExpired));
        var record = Assert.Single(audit.Records);
        Assert.Equal(("alice (plant-admin)", jump.ActionId, "risk-accepted"), (record.Actor, record.Target, record.Outcome));
    }

    [Fact]
    public async Task Fleet_admins_and_auditors_see_every_scope_plant_admins_their_plants_and_only_admins_change_statuses()
    {
        await AssessAsync("berlin");
        await AssessAsync("fleet");
        var auditor = _server.As(Role.Auditor);
        var austinAdmin = _server.As(Role.PlantAdmin, "austin");
        var berlinPlan = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, auditor);
        var fleetPlan = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "fleet" }, auditor);
        var berlinAction = berlinPlan.Actions[0].ActionId;
        var fleetWide = fleetPlan.Actions.First(a => a.PlantId.Length == 0).ActionId;

        await Client.AssessAsync(new AssessComplianceRequest { Scope = "fleet" }, auditor);
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => Client.GetAssessmentAsync(new GetAssessmentRequest { Scope = "berlin" }, austinAdmin).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => Client.AssessAsync(new AssessComplianceRequest { Scope = "berlin" }, austinAdmin).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await CodeAsync(() => Client.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "fleet" }, BerlinAdmin).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await CodeAsync(() => Client.GetComplianceReportAsync(new GetComplianceReportRequest { Scope = "berlin" }, _server.As(Role.Approver, "berlin")).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await CodeAsync(() => SetAsync("berlin", berlinAction, auditor)));
        Assert.Equal(StatusCode.PermissionDenied, await CodeAsync(() => SetAsync("fleet", fleetWide, BerlinAdmin)));

        // A fleet admin changes a fleet-wide action; a plant admin its plant's, seen in the fleet's plan too.
        await SetAsync("fleet", fleetWide, Admin);
        await SetAsync("berlin", berlinAction, BerlinAdmin);
        var fleetAfter = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "fleet" }, Admin);
        Assert.Equal(ImprovementActionStatus.Accepted, fleetAfter.Actions.Single(a => a.ActionId == fleetWide).Status);
        Assert.Equal(ImprovementActionStatus.Accepted, fleetAfter.Actions.Single(a => a.ActionId == berlinAction).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_field_at_fault()
    {
        await AssessAsync("berlin");
        var plan = await Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, Admin);

        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.AssessAsync(new AssessComplianceRequest(), Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.GetAssessmentAsync(new GetAssessmentRequest { Scope = "berlin", AssessmentId = "asm-1" }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "berlin", PageSize = 1001 }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.CompareAssessmentsAsync(new CompareAssessmentsRequest { Scope = "berlin" }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.ExportImprovementPlanAsync(new ExportImprovementPlanRequest { Scope = "berlin" }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.SetActionStatusAsync(new SetActionStatusRequest
        {
            Scope = "berlin",
            ActionId = plan.Actions[0].ActionId,
            Status = ImprovementActionStatus.RiskAccepted,
            Note = "no date",
        }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => SetAsync("berlin", "act-0000000000000000", Admin)));
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => Client.AssessAsync(new AssessComplianceRequest { Scope = "nowhere" }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => Client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "austin" }, Admin).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await CodeAsync(() => Client.AssessAsync(new AssessComplianceRequest { Scope = "Berlin!" }, Admin).ResponseAsync));
    }

    [Fact]
    public async Task Exports_and_the_report_come_from_the_stored_assessment()
    {
        var id = await AssessAsync("berlin");

        var markdown = await ExportAsync(ComplianceExportFormat.Markdown);
        var poam = await ExportAsync(ComplianceExportFormat.OscalPoam);
        var results = await ExportAsync(ComplianceExportFormat.OscalAssessmentResults);
        var report = await Client.GetComplianceReportAsync(new GetComplianceReportRequest { Scope = "berlin" }, BerlinAdmin);

        Assert.StartsWith("# Improvement plan: berlin", markdown.Document);
        Assert.Equal(("text/markdown", $"berlin-{id}-plan.md"), (markdown.MediaType, markdown.FileName));
        Assert.Contains("\"plan-of-action-and-milestones\"", poam.Document);
        Assert.Equal("application/json", poam.MediaType);
        Assert.Contains("\"assessment-results\"", results.Document);
        Assert.Contains(id, results.Document);
        Assert.Equal(id, report.AssessmentId);
        Assert.Contains("id=\"heat-table\"", report.Html);
        Assert.Contains("Compliance report: plant berlin", report.Html);

        Task<ExportImprovementPlanResponse> ExportAsync(ComplianceExportFormat format) =>
            Client.ExportImprovementPlanAsync(new ExportImprovementPlanRequest { Scope = "berlin", Format = format }, BerlinAdmin).ResponseAsync;
    }

    [Fact]
    public async Task The_schedule_assesses_each_scope_once_an_interval()
    {
        var schedule = ((IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!).GetGrain<IComplianceScheduleGrain>(GrainKeys.Fleet);
        await AssessAsync("berlin");

        var first = await schedule.RunDueAsync();
        _time.Advance(TimeSpan.FromHours(12));
        var halfDay = await schedule.RunDueAsync();
        _time.Advance(TimeSpan.FromHours(12));
        var nextDay = await schedule.RunDueAsync();
        var audit = await new AuditService.AuditServiceClient(_server.Channel).ListAuditRecordsAsync(
            new ListAuditRecordsRequest { Scope = "fleet", ActionPrefix = "compliance.assess" }, Admin);
        var listed = await Client.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "berlin" }, Admin);

        // Berlin was assessed on demand just now: the schedule leaves it until a day has passed.
        Assert.Equal(["fleet", "austin"], first);
        Assert.Empty(halfDay);
        Assert.Equal(["fleet", "austin", "berlin"], nextDay);
        Assert.Equal(2, listed.Assessments.Count);
        Assert.All(audit.Records, r => Assert.Equal(ComplianceGrain.ScheduleActor, r.Actor));
        Assert.Equal(2, audit.Records.Count);
        await schedule.ArmAsync();
    }

    private async Task<string> AssessAsync(string scope) =>
        (await Client.AssessAsync(new AssessComplianceRequest { Scope = scope }, Admin)).Assessment.Summary.AssessmentId;

    private Task<SetActionStatusResponse> SetAsync(string scope, string actionId, CallOptions caller) =>
        Client.SetActionStatusAsync(new SetActionStatusRequest { Scope = scope, ActionId = actionId, Status = ImprovementActionStatus.Accepted, Note = "planned for Q1" }, caller).ResponseAsync;

    private static async Task<StatusCode> CodeAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        return refused.Status.StatusCode;
    }
}
