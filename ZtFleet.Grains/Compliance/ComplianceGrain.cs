using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Vulnerabilities;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Compliance;

/// <inheritdoc cref="IComplianceGrain"/>
/// <remarks>
/// The assessor (<see cref="IComplianceAssessor"/>) gathers live facts and evaluates them; this grain gives the
/// assessment its stored id, stores it, and audits it. The plan is computed on read from the stored assessment, the
/// live risk inputs (each plant's definition and known vulnerabilities) and the stored statuses, so a status set a
/// minute ago and a vulnerability imported since both show without a new assessment.
/// </remarks>
[GrainType("compliance")]
public sealed class ComplianceGrain(
    IComplianceStore store,
    IVulnerabilityStore vulnerabilities,
    IEnumerable<IComplianceAssessor> assessors,
    ControlPlaneClock time,
    ILogger<ComplianceGrain> logger) : Grain, IComplianceGrain
{
    private readonly IComplianceAssessor? _assessor = assessors.LastOrDefault();

    private string Scope => this.GetPrimaryKeyString();

    private PlantId? Plant => Scope == IComplianceGrain.FleetScope ? null : PlantId.Parse(Scope);

    /// <summary>A new stored id for an assessment at <paramref name="at"/>: time-ordered within a scope, unique.</summary>
    public static string NewId(DateTimeOffset at) =>
        $"asm-{Math.Max(0, at.ToUnixTimeMilliseconds()).ToString("x12", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public async Task<ComplianceAssessment> AssessAsync(string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var assessor = _assessor ?? throw new TemporarilyUnavailableException("No compliance assessor is configured in this silo.");
        if (Plant is { } plant && !(await Fleet.GetOverviewAsync(cancellationToken)).Plants.Contains(plant))
        {
            throw new NotFoundException($"Plant '{plant}'");
        }

        var assessed = await assessor.AssessAsync(Plant, cancellationToken);
        var assessment = assessed with { Id = NewId(assessed.At), Plant = Plant };
        await store.AddAsync(Scope, assessment, cancellationToken);
        var summary = ComplianceSummary.Of(assessment);
        await GrainFactory.GetGrain<IAuditGrain>(Scope).AppendAsync(
            new AuditEntry(Plant?.Value, time.GetUtcNow(), actor, "compliance.assess", assessment.Id, "assessed", JsonSerializer.Serialize(new
            {
                fleetVersion = assessment.FleetVersion,
                at = assessment.At,
                zones = summary.Zones,
                zonesAtTarget = summary.ZonesAtTarget,
                requirementsFailing = summary.RequirementsFailing,
                controlsApplicable = summary.ControlsApplicable,
                controlsImplemented = summary.ControlsImplemented,
            })),
            cancellationToken);
        logger.LogInformation("Assessed compliance of {Scope}: {Id} ({ZonesAtTarget} of {Zones} zones at target)", Scope, assessment.Id, summary.ZonesAtTarget, summary.Zones);
        return assessment;
    }

    public async Task<ComplianceAssessment?> AssessIfDueAsync(TimeSpan interval, TimeSpan tolerance, CancellationToken cancellationToken = default)
    {
        var latest = (await store.ListAsync(Scope, null, 1, cancellationToken)).Assessments.FirstOrDefault();
        if (latest is not null && time.GetUtcNow() - latest.At < interval - tolerance)
        {
            return null;
        }

        return await AssessAsync(ScheduleActor, cancellationToken);
    }

    /// <summary>The actor of scheduled assessments in the audit trail.</summary>
    public const string ScheduleActor = "ztfleet (schedule)";

    public Task<ComplianceAssessmentPage> ListAsync(string? before, int limit, CancellationToken cancellationToken = default) =>
        store.ListAsync(Scope, before, Math.Clamp(limit, 1, 1000), cancellationToken);

    public async Task<ComplianceAssessment?> GetAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (id is null)
        {
            id = (await store.ListAsync(Scope, null, 1, cancellationToken)).Assessments.FirstOrDefault()?.Id;
            if (id is null)
            {
                return null;
            }
        }

        return await store.GetAsync(Scope, id, cancellationToken);
    }

    public async Task<ComplianceComparison> CompareAsync(string fromId, string toId, CancellationToken cancellationToken = default)
    {
        var from = await store.GetAsync(Scope, fromId, cancellationToken) ?? throw new NotFoundException($"Assessment '{fromId}'");
        var to = await store.GetAsync(Scope, toId, cancellationToken) ?? throw new NotFoundException($"Assessment '{toId}'");
        var series = await store.SeriesAsync(Scope, to.Id, IComplianceGrain.MaxSeries, cancellationToken);
        return ComplianceComparer.Compare(from, to, series);
    }

    public async Task<ImprovementPlan> GetPlanAsync(string? id, CancellationToken cancellationToken = default)
    {
        var assessment = await GetAsync(id, cancellationToken)
            ?? throw new NotFoundException(id is null ? $"An assessment of '{Scope}'" : $"Assessment '{id}'");
        return await PlanAsync(assessment, withRisk: true, cancellationToken);
    }

    public async Task<ActionStatusRecord> SetActionStatusAsync(
        string actionId, ActionStatus status, string? note, DateTimeOffset? riskAcceptedUntil, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = time.GetUtcNow();
        var violations = ActionStatusRules.Check(status, note, riskAcceptedUntil, now);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"The status cannot be set: {violations[0].Field} {violations[0].Description}.", violations);
        }

        var assessment = await GetAsync(null, cancellationToken) ?? throw new NotFoundException($"Action '{actionId}'");
        var plan = await PlanAsync(assessment, withRisk: false, cancellationToken);
        var action = plan.Actions.FirstOrDefault(a => a.Id == actionId) ?? throw new NotFoundException($"Action '{actionId}'");
        var record = new ActionStatusRecord(action.Id, action.Plant, status, actor, now, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), riskAcceptedUntil);
        await store.SetStatusAsync(record, cancellationToken);
        await GrainFactory.GetGrain<IAuditGrain>(action.Plant?.Value ?? IAuditGrain.FleetScope).AppendAsync(
            new AuditEntry(action.Plant?.Value, now, actor, "compliance.action-status", action.Id, PostgresComplianceStore.StatusName(status), JsonSerializer.Serialize(new
            {
                title = action.Title,
                fact = action.Key,
                previous = action.StatusRecord is { } before ? PostgresComplianceStore.StatusName(before.Status) : null,
                note = record.Note,
                riskAcceptedUntil = record.RiskAcceptedUntil,
                assessment = assessment.Id,
            })),
            cancellationToken);
        return record;
    }

    public Task<IReadOnlyList<ActionStatusRecord>> GetActionHistoryAsync(string actionId, CancellationToken cancellationToken = default) =>
        store.HistoryAsync(actionId, cancellationToken);

    private IFleetGrain Fleet => GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet);

    private async Task<ImprovementPlan> PlanAsync(ComplianceAssessment assessment, bool withRisk, CancellationToken cancellationToken)
    {
        var risk = withRisk ? await RiskInputsAsync(assessment, cancellationToken) : [];

        // The ids come first (they depend on the assessment only), then the statuses set on them.
        var ids = ImprovementPlanner.Plan(assessment, [], new Dictionary<string, ActionStatusRecord>(), time.GetUtcNow()).Actions.Select(a => a.Id).ToList();
        var statuses = await store.StatusesAsync(ids, cancellationToken);
        return ImprovementPlanner.Plan(assessment, risk, statuses, time.GetUtcNow());
    }

    private async Task<IReadOnlyList<PlanRiskInput>> RiskInputsAsync(ComplianceAssessment assessment, CancellationToken cancellationToken)
    {
        var plants = assessment.Plant is { } one
            ? [one]
            : assessment.Zones.Select(z => z.Plant).Concat(assessment.Conduits.Select(c => c.Plant)).Distinct().ToList();
        var inputs = new List<PlanRiskInput>();
        foreach (var plant in plants)
        {
            var definition = await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetDefinitionAsync(cancellationToken);
            if (definition is null)
            {
                continue;
            }

            inputs.Add(new PlanRiskInput(definition.Spec, definition.Identities, await vulnerabilities.ListAsync(plant, cancellationToken)));
        }

        return inputs;
    }
}
