using Grpc.Core;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Errors;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using QuarantineMode = ZtFleet.Policy.Segmentation.QuarantineMode;
using QuarantineStatus = ZtFleet.Grains.Quarantine.QuarantineStatus;
using V1Quarantine = ZtFleet.Api.V1.Quarantine;

namespace ZtFleet.Api.Quarantine;

/// <summary>
/// <c>ztfleet.v1.QuarantineService</c>: administrators ask for quarantines and their lifts, approvers decide. Every
/// step is audited at the plant (action <c>quarantine.*</c>, outcome the status it led to); refusals are audited by
/// the refusal interceptor.
/// </summary>
public sealed class QuarantineApiService(IClusterClient cluster, AuditWriter audit) : QuarantineService.QuarantineServiceBase
{
    public override async Task<V1Quarantine> QuarantineAsset(QuarantineAssetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var submission = ToSubmission(request, caller);
        RequireAdministrator(caller, submission.Plant);
        var view = await Step(() => Grain(submission.Plant, request.QuarantineId).RequestAsync(submission, context.CancellationToken));
        await AuditAsync(caller, view, "quarantine.request");
        return view.ToProto();
    }

    public override async Task<V1Quarantine> ApproveQuarantine(ApproveQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        RequireApprover(caller, plant);
        var view = await Step(() => Grain(plant, id).ApproveAsync(QuarantineActor.Person(caller.Subject), NullIfEmpty(request.Comment), context.CancellationToken));
        await AuditAsync(caller, view, "quarantine.approve", request.Comment);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> RejectQuarantine(RejectQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId, (request.Reason, "reason"));
        RequireApprover(caller, plant);
        var reason = request.Reason.Trim();
        var view = await Step(() => Grain(plant, id).RejectAsync(QuarantineActor.Person(caller.Subject), reason, context.CancellationToken));
        await AuditAsync(caller, view, view.Status == QuarantineStatus.Rejected ? "quarantine.reject" : "quarantine.reject-lift", reason);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> RequestLift(RequestLiftRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId, (request.Reason, "reason"));
        RequireAdministrator(caller, plant);
        var reason = request.Reason.Trim();
        var view = await Step(() => Grain(plant, id).RequestLiftAsync(QuarantineActor.Person(caller.Subject), reason, context.CancellationToken));
        await AuditAsync(caller, view, "quarantine.lift-request", reason);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> ApproveLift(ApproveLiftRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        RequireApprover(caller, plant);
        var view = await Step(() => Grain(plant, id).ApproveLiftAsync(QuarantineActor.Person(caller.Subject), NullIfEmpty(request.Comment), context.CancellationToken));
        await AuditAsync(caller, view, "quarantine.lift-approve", request.Comment);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> GetQuarantine(GetQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        var view = caller.CanSee(plant) ? await Grain(plant, id).GetAsync(context.CancellationToken) : null;
        return view?.ToProto() ?? throw ApiErrors.NotFound($"Quarantine '{id}' of plant '{plant}'");
    }

    public override async Task<ListQuarantinesResponse> ListQuarantines(ListQuarantinesRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = PlantId.TryParse(request.PlantId, out var parsed) ? parsed : throw ApiErrors.InvalidField("plant_id", EntityId.Describe(request.PlantId));
        var plantGrain = cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
        if (!caller.CanSee(plant) || await plantGrain.GetSummaryAsync(context.CancellationToken) is null)
        {
            throw ApiErrors.NotFound($"Plant '{plant}'");
        }

        // The plant's set is the truth of what is in force; the workflows say how each got there.
        var held = await plantGrain.GetQuarantinesAsync(context.CancellationToken);
        var inForce = held.InForce.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var ids = await cluster.GetGrain<IQuarantineIndexGrain>(GrainKeys.Plant(plant)).ListAsync(context.CancellationToken);
        var views = await Task.WhenAll(ids
            .Where(id => !request.InForceOnly || inForce.Contains(id))
            .Select(id => Grain(plant, id).GetAsync(context.CancellationToken)));
        var response = new ListQuarantinesResponse { Epoch = held.Epoch };
        response.Quarantines.AddRange(views.OfType<QuarantineView>().Select(v => v.ToProto()));
        return response;
    }

    private IQuarantineGrain Grain(PlantId plant, string id) => cluster.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(plant, id));

    private Task AuditAsync(Caller caller, QuarantineView view, string action, string? note = null) =>
        audit.RecordAsync(caller, view.Submission.Plant, action, view.Id, QuarantineSpelling.Of(view.Status), new
        {
            asset = view.Submission.Asset.Value,
            mode = QuarantineSpelling.Of(view.Submission.Mode),
            accessFrom = view.Submission.AccessFrom.Select(a => a.Value),
            reason = view.Submission.Reason,
            requestedBy = view.Submission.RequestedBy.ToString(),
            safetyRelated = view.SafetyRelated,
            approvals = view.Approvals.Select(a => a.Approver),
            requiredApprovals = view.RequiredApprovals,
            supersedes = view.Supersedes,
            lift = view.Lift is { } lift ? new { requestedBy = lift.RequestedBy.ToString(), reason = lift.Reason, approvals = lift.Approvals.Select(a => a.Approver), requiredApprovals = lift.RequiredApprovals } : null,
            note = NullIfEmpty(note ?? string.Empty),
            epoch = view.Epoch,
        });

    /// <summary>Asking for a quarantine or a lift: fleet admins, and plant admins of the plant.</summary>
    private static void RequireAdministrator(Caller caller, PlantId plant)
    {
        if (!caller.CanSee(plant))
        {
            throw ApiErrors.NotFound($"Plant '{plant}'");
        }

        if (!caller.CanChange(plant))
        {
            throw ApiErrors.RoleNotAllowed("Only a fleet admin or a plant admin of this plant may ask for a quarantine or its lift.");
        }
    }

    /// <summary>Deciding a step: approvers of the plant only (administrators ask, approvers decide).</summary>
    private static void RequireApprover(Caller caller, PlantId plant)
    {
        if (!caller.CanSee(plant))
        {
            throw ApiErrors.NotFound($"Plant '{plant}'");
        }

        if (caller.Role != Role.Approver)
        {
            throw ApiErrors.RoleNotAllowed("Only an approver of this plant may approve or reject a quarantine step.");
        }
    }

    private static QuarantineSubmission ToSubmission(QuarantineAssetRequest request, Caller caller)
    {
        var violations = new List<Violation>();
        if (!EntityId.IsValid(request.QuarantineId))
        {
            violations.Add(new Violation("quarantine_id", EntityId.Describe(request.QuarantineId)));
        }

        var plant = Parse<PlantId>(request.PlantId, "plant_id", violations);
        var asset = Parse<AssetId>(request.AssetId, "asset_id", violations);
        var mode = (QuarantineMode)(int)request.Mode;
        if (mode is not (QuarantineMode.RestrictWrites or QuarantineMode.Isolate))
        {
            violations.Add(new Violation("mode", "must be QUARANTINE_MODE_RESTRICT_WRITES or QUARANTINE_MODE_ISOLATE"));
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add(new Violation("reason", "is required"));
        }
        else if (request.Reason.Trim().Length > QuarantineRules.MaxReasonLength)
        {
            violations.Add(new Violation("reason", $"is longer than {QuarantineRules.MaxReasonLength} characters"));
        }

        var accessFrom = request.AccessFromAssetIds.Select((a, i) => Parse<AssetId>(a, $"access_from_asset_ids[{i}]", violations)).OfType<AssetId>().ToList();
        if (accessFrom.Count > 0 && mode != QuarantineMode.Isolate)
        {
            violations.Add(new Violation("access_from_asset_ids", "is the quarantine path of an isolated asset: only with mode isolate"));
        }

        if (violations.Count > 0)
        {
            throw ApiErrors.InvalidArgument("Invalid quarantine request; see the field violations.", violations);
        }

        return new QuarantineSubmission(plant!.Value, asset!.Value, mode, accessFrom, request.Reason.Trim(), QuarantineActor.Person(caller.Subject));
    }

    /// <summary>The plant and quarantine id of a step, and a required text, all checked at once.</summary>
    private static (PlantId Plant, string Id) Key(string plantId, string quarantineId, (string Value, string Field)? required = null)
    {
        var violations = new List<Violation>();
        var plant = Parse<PlantId>(plantId, "plant_id", violations);
        if (!EntityId.IsValid(quarantineId))
        {
            violations.Add(new Violation("quarantine_id", EntityId.Describe(quarantineId)));
        }

        if (required is { } text && string.IsNullOrWhiteSpace(text.Value))
        {
            violations.Add(new Violation(text.Field, "is required"));
        }
        else if (required is { } longText && longText.Value.Trim().Length > QuarantineRules.MaxReasonLength)
        {
            violations.Add(new Violation(longText.Field, $"is longer than {QuarantineRules.MaxReasonLength} characters"));
        }

        return violations.Count > 0
            ? throw ApiErrors.InvalidArgument("Invalid request; see the field violations.", violations)
            : (plant!.Value, quarantineId);
    }

    private static T? Parse<T>(string value, string field, List<Violation> violations)
        where T : struct, IEntityId<T>
    {
        if (T.TryParse(value, out var id))
        {
            return id;
        }

        violations.Add(new Violation(field, EntityId.Describe(value)));
        return null;
    }

    /// <summary>Runs a workflow step; its refusals become INVALID_ARGUMENT, NOT_FOUND or FAILED_PRECONDITION.</summary>
    private static async Task<QuarantineView> Step(Func<Task<QuarantineView>> step)
    {
        try
        {
            return await step();
        }
        catch (QuarantineException ex)
        {
            throw ex.Refusal switch
            {
                QuarantineRefusal.Invalid => ApiErrors.InvalidArgument($"The quarantine request has {ex.Violations.Count} problem(s); nothing was recorded.", ex.Violations),
                QuarantineRefusal.NotFound => ApiErrors.NotFound(ex.Message),
                _ => new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message)),
            };
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
