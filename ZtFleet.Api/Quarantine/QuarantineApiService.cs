using Grpc.Core;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Refusals;
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
        caller.Authorize(AdminAction.RequestQuarantine, submission.Plant);
        var view = await Grain(submission.Plant, request.QuarantineId).RequestAsync(submission, context.CancellationToken);
        await AuditAsync(caller, view, "quarantine.request");
        return view.ToProto();
    }

    public override async Task<V1Quarantine> ApproveQuarantine(ApproveQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        caller.Authorize(AdminAction.ApproveQuarantine, plant);
        var view = await Grain(plant, id).ApproveAsync(QuarantineActor.Person(caller.Subject), NullIfEmpty(request.Comment), context.CancellationToken);
        await AuditAsync(caller, view, "quarantine.approve", request.Comment);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> RejectQuarantine(RejectQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId, (request.Reason, "reason"));
        caller.Authorize(AdminAction.ApproveQuarantine, plant);
        var reason = request.Reason.Trim();
        var view = await Grain(plant, id).RejectAsync(QuarantineActor.Person(caller.Subject), reason, context.CancellationToken);
        await AuditAsync(caller, view, view.Status == QuarantineStatus.Rejected ? "quarantine.reject" : "quarantine.reject-lift", reason);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> RequestLift(RequestLiftRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId, (request.Reason, "reason"));
        caller.Authorize(AdminAction.RequestQuarantine, plant);
        var reason = request.Reason.Trim();
        var view = await Grain(plant, id).RequestLiftAsync(QuarantineActor.Person(caller.Subject), reason, context.CancellationToken);
        await AuditAsync(caller, view, "quarantine.lift-request", reason);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> ApproveLift(ApproveLiftRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        caller.Authorize(AdminAction.ApproveQuarantine, plant);
        var view = await Grain(plant, id).ApproveLiftAsync(QuarantineActor.Person(caller.Subject), NullIfEmpty(request.Comment), context.CancellationToken);
        await AuditAsync(caller, view, "quarantine.lift-approve", request.Comment);
        return view.ToProto();
    }

    public override async Task<V1Quarantine> GetQuarantine(GetQuarantineRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.QuarantineId);
        var what = $"Quarantine '{id}' of plant '{plant}'";
        caller.Authorize(AdminAction.ReadPlant, plant, what);
        var view = await Grain(plant, id).GetAsync(context.CancellationToken);
        return view?.ToProto() ?? throw new NotFoundException(what);
    }

    public override async Task<ListQuarantinesResponse> ListQuarantines(ListQuarantinesRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = PlantId.TryParse(request.PlantId, out var parsed) ? parsed : throw InvalidRequestException.Field("plant_id", EntityId.Describe(request.PlantId));
        caller.Authorize(AdminAction.ReadPlant, plant);
        var plantGrain = cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
        if (await plantGrain.GetSummaryAsync(context.CancellationToken) is null)
        {
            throw new NotFoundException($"Plant '{plant}'");
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
            throw new InvalidRequestException("Invalid quarantine request; see the field violations.", violations);
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
            ? throw new InvalidRequestException("Invalid request; see the field violations.", violations)
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

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
