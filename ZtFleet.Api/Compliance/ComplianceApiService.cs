using System.Text.RegularExpressions;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Compliance;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Compliance.Oscal;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Compliance.Report;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using Domain = ZtFleet.Policy.Compliance;

namespace ZtFleet.Api.Compliance;

/// <summary>
/// <c>ztfleet.v1.ComplianceService</c>: assess a scope (a plant, or <c>fleet</c>) on demand, list, read and compare its
/// stored assessments, its improvement plan, action statuses, exports and the HTML report (docs/compliance.md). Reading
/// and assessing a plant is <see cref="AdminAction.ReadCompliance"/> at the plant, the fleet
/// <see cref="AdminAction.ReadFleetCompliance"/>; a status change <see cref="AdminAction.ChangeComplianceActions"/> at
/// the action's plant, or <see cref="AdminAction.ChangeFleetComplianceActions"/> for a fleet-wide action.
/// </summary>
public sealed partial class ComplianceApiService(IClusterClient cluster, ControlPlaneClock time) : ComplianceService.ComplianceServiceBase
{
    /// <summary>The default page of ListAssessments.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page of ListAssessments.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>How many stored assessments the report's trend reads.</summary>
    public const int TrendLength = ComplianceReportHtml.MaxTrend;

    public override async Task<AssessComplianceResponse> Assess(AssessComplianceRequest request, ServerCallContext context)
    {
        var (scope, plant) = Scope(request.Scope);
        var caller = AuthorizeRead(context, scope, plant);
        var assessment = await Grain(scope).AssessAsync(caller.ToString(), context.CancellationToken);
        return new AssessComplianceResponse { Assessment = assessment.ToProto() };
    }

    public override async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add(new Violation("page_size", $"must be 0 (default {DefaultPageSize}) to {MaxPageSize}"));
        }

        var before = AssessmentId(request.PageToken, "page_token", violations, "is not a token this service issued");
        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var page = await Grain(scope).ListAsync(before, request.PageSize == 0 ? DefaultPageSize : request.PageSize, context.CancellationToken);
        var response = new ListAssessmentsResponse { NextPageToken = page.Next ?? string.Empty };
        response.Assessments.AddRange(page.Assessments.Select(a => a.ToProto()));
        return response;
    }

    public override async Task<GetAssessmentResponse> GetAssessment(GetAssessmentRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        var id = AssessmentId(request.AssessmentId, "assessment_id", violations);
        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var assessment = await Grain(scope).GetAsync(id, context.CancellationToken) ?? throw NotStored(scope, id);
        return new GetAssessmentResponse { Assessment = assessment.ToProto() };
    }

    public override async Task<CompareAssessmentsResponse> CompareAssessments(CompareAssessmentsRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        var from = AssessmentId(request.FromAssessmentId, "from_assessment_id", violations);
        if (request.FromAssessmentId.Length == 0)
        {
            violations.Add(new Violation("from_assessment_id", "is required"));
        }

        var to = AssessmentId(request.ToAssessmentId, "to_assessment_id", violations);
        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var grain = Grain(scope);
        to ??= (await grain.ListAsync(null, 1, context.CancellationToken)).Assessments.FirstOrDefault()?.Id ?? throw NotStored(scope, null);
        var comparison = await grain.CompareAsync(from!, to, context.CancellationToken);
        var response = new CompareAssessmentsResponse
        {
            FromAssessmentId = comparison.FromId,
            FromAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(comparison.FromAt),
            ToAssessmentId = comparison.ToId,
            ToAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(comparison.ToAt),
            Unchanged = comparison.Unchanged,
            Added = comparison.Added,
            Removed = comparison.Removed,
        };
        response.Improved.AddRange(comparison.Improved.Select(c => c.ToProto()));
        response.Regressed.AddRange(comparison.Regressed.Select(c => c.ToProto()));
        return response;
    }

    public override async Task<GetImprovementPlanResponse> GetImprovementPlan(GetImprovementPlanRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        var id = AssessmentId(request.AssessmentId, "assessment_id", violations);
        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var plan = await Grain(scope).GetPlanAsync(id, context.CancellationToken);
        var response = new GetImprovementPlanResponse
        {
            AssessmentId = plan.AssessmentId,
            Scope = scope,
            AssessedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(plan.AssessedAt),
        };
        response.Actions.AddRange(plan.Actions.Select(a => a.ToProto()));
        return response;
    }

    public override async Task<SetActionStatusResponse> SetActionStatus(SetActionStatusRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        if (!ActionIdPattern().IsMatch(request.ActionId))
        {
            violations.Add(new Violation("action_id", request.ActionId.Length == 0 ? "is required" : "is not an action id (act- and 16 hex digits)"));
        }

        var status = request.Status switch
        {
            ImprovementActionStatus.Proposed => ActionStatus.Proposed,
            ImprovementActionStatus.Accepted => ActionStatus.Accepted,
            ImprovementActionStatus.InProgress => ActionStatus.InProgress,
            ImprovementActionStatus.Done => ActionStatus.Done,
            ImprovementActionStatus.RiskAccepted => ActionStatus.RiskAccepted,
            _ => (ActionStatus?)null,
        };
        if (status is null)
        {
            violations.Add(new Violation("status", "must be proposed, accepted, in progress, done or risk accepted"));
        }

        var until = ProtoTime.Read(request.RiskAcceptedUntil, "risk_accepted_until", violations, required: false);
        var note = request.Note.Trim();
        if (status is { } s)
        {
            violations.AddRange(ActionStatusRules.Check(s, note, until, time.GetUtcNow()));
        }

        ThrowIfAny(violations);
        var caller = AuthorizeRead(context, scope, plant);
        var grain = Grain(scope);
        var plan = await grain.GetPlanAsync(null, context.CancellationToken);
        var action = plan.Actions.FirstOrDefault(a => a.Id == request.ActionId) ?? throw new NotFoundException($"Action '{request.ActionId}'");
        if (action.Plant is { } at)
        {
            caller.Authorize(AdminAction.ChangeComplianceActions, at, $"Action '{action.Id}'");
        }
        else
        {
            caller.Authorize(AdminAction.ChangeFleetComplianceActions, what: $"Action '{action.Id}'");
        }

        var record = await grain.SetActionStatusAsync(action.Id, status!.Value, note.Length == 0 ? null : note, until, caller.ToString(), context.CancellationToken);
        var (effective, expired) = ActionStatusRules.Effective(record, time.GetUtcNow());
        return new SetActionStatusResponse { Action = (action with { Status = effective, StatusRecord = record, AcceptanceExpired = expired }).ToProto() };
    }

    public override async Task<ExportImprovementPlanResponse> ExportImprovementPlan(ExportImprovementPlanRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        var id = AssessmentId(request.AssessmentId, "assessment_id", violations);
        if (request.Format is not (ComplianceExportFormat.Markdown or ComplianceExportFormat.OscalPoam or ComplianceExportFormat.OscalAssessmentResults))
        {
            violations.Add(new Violation("format", "must be markdown, oscal-poam or oscal-assessment-results"));
        }

        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var grain = Grain(scope);
        if (request.Format == ComplianceExportFormat.OscalAssessmentResults)
        {
            var assessment = await grain.GetAsync(id, context.CancellationToken) ?? throw NotStored(scope, id);
            return new ExportImprovementPlanResponse
            {
                Document = OscalAssessmentResults.ToJson(assessment, time.GetUtcNow()),
                MediaType = "application/json",
                FileName = $"{scope}-{assessment.Id}-assessment-results.json",
            };
        }

        var plan = await grain.GetPlanAsync(id, context.CancellationToken);
        return request.Format == ComplianceExportFormat.Markdown
            ? new ExportImprovementPlanResponse
            {
                Document = ImprovementPlanMarkdown.Write(plan),
                MediaType = "text/markdown",
                FileName = $"{scope}-{plan.AssessmentId}-plan.md",
            }
            : new ExportImprovementPlanResponse
            {
                Document = OscalPoam.ToJson(plan),
                MediaType = "application/json",
                FileName = $"{scope}-{plan.AssessmentId}-poam.json",
            };
    }

    public override async Task<GetComplianceReportResponse> GetComplianceReport(GetComplianceReportRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var (scope, plant) = Scope(request.Scope, violations);
        var id = AssessmentId(request.AssessmentId, "assessment_id", violations);
        ThrowIfAny(violations);
        AuthorizeRead(context, scope, plant);
        var grain = Grain(scope);
        var assessment = await grain.GetAsync(id, context.CancellationToken) ?? throw NotStored(scope, id);
        var plan = await grain.GetPlanAsync(assessment.Id, context.CancellationToken);
        var trend = await grain.ListAsync(null, TrendLength, context.CancellationToken);
        return new GetComplianceReportResponse
        {
            Html = ComplianceReportHtml.Render(assessment, plan, trend.Assessments, time.GetUtcNow()),
            AssessmentId = assessment.Id,
        };
    }

    private IComplianceGrain Grain(string scope) => cluster.GetGrain<IComplianceGrain>(scope);

    /// <summary>Reading (and assessing) a plant's compliance, or the fleet's.</summary>
    private static Caller AuthorizeRead(ServerCallContext context, string scope, PlantId? plant)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (plant is { } p)
        {
            caller.Authorize(AdminAction.ReadCompliance, p, $"Plant '{p}'");
        }
        else
        {
            caller.Authorize(AdminAction.ReadFleetCompliance, what: $"Scope '{scope}'");
        }

        return caller;
    }

    private static (string Scope, PlantId? Plant) Scope(string scope)
    {
        var violations = new List<Violation>();
        var parsed = Scope(scope, violations);
        ThrowIfAny(violations);
        return parsed;
    }

    private static (string Scope, PlantId? Plant) Scope(string scope, List<Violation> violations)
    {
        if (scope == IComplianceGrain.FleetScope)
        {
            return (scope, null);
        }

        if (PlantId.TryParse(scope, out var plant))
        {
            return (scope, plant);
        }

        violations.Add(new Violation("scope", $"must be \"{IComplianceGrain.FleetScope}\" or a plant id: {EntityId.Describe(scope)}"));
        return (IComplianceGrain.FleetScope, null);
    }

    /// <summary>An assessment id (empty: null), or a violation of <paramref name="field"/>.</summary>
    private static string? AssessmentId(string id, string field, List<Violation> violations, string problem = "is not an assessment id (asm-, 12 and 8 hex digits)")
    {
        if (id.Length == 0)
        {
            return null;
        }

        if (AssessmentIdPattern().IsMatch(id))
        {
            return id;
        }

        violations.Add(new Violation(field, problem));
        return null;
    }

    private static NotFoundException NotStored(string scope, string? id) =>
        new(id is null ? $"An assessment of '{scope}'" : $"Assessment '{id}'");

    private static void ThrowIfAny(List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid request; see the field violations.", violations);
        }
    }

    [GeneratedRegex("^asm-[0-9a-f]{12}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex AssessmentIdPattern();

    [GeneratedRegex("^act-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionIdPattern();
}
