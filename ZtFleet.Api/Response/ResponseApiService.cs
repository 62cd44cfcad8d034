using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Response;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Policy.Segmentation;
using PolicyStatus = ZtFleet.Policy.Response.Playbooks.ResponseActionStatus;
using V1Action = ZtFleet.Api.V1.ResponseAction;
using V1Status = ZtFleet.Api.V1.ResponseActionStatus;

namespace ZtFleet.Api.Response;

/// <summary>
/// <c>ztfleet.v1.ResponseService</c>: what playbooks did and propose at a plant, and what people do with it. The
/// plant's response grain applies, dismisses and reverts, and audits each step itself (actor: the caller).
/// </summary>
public sealed class ResponseApiService(IClusterClient cluster) : ResponseService.ResponseServiceBase
{
    /// <summary>Actions listed when the request gives no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most actions one list returns.</summary>
    public const int MaxLimit = 1000;

    public override async Task<ListResponseActionsResponse> ListResponseActions(ListResponseActionsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = Plant(request.PlantId, violations);
        if (request.PlaybookId.Length > 0 && !EntityId.IsValid(request.PlaybookId))
        {
            violations.Add(new Violation("playbook_id", EntityId.Describe(request.PlaybookId)));
        }

        for (var i = 0; i < request.Statuses.Count; i++)
        {
            if (request.Statuses[i] is V1Status.Unspecified || !System.Enum.IsDefined(request.Statuses[i]))
            {
                violations.Add(new Violation($"statuses[{i}]", "must be a defined status other than UNSPECIFIED"));
            }
        }

        if (request.Limit is < 0 or > MaxLimit)
        {
            violations.Add(new Violation("limit", $"must be between 0 and {MaxLimit}"));
        }

        Throw(violations);
        caller.Authorize(AdminAction.ReadResponse, plant!.Value);
        await RequirePlantAsync(plant.Value, context.CancellationToken);
        var statuses = request.Statuses.Select(s => (PolicyStatus)(int)s).ToHashSet();
        var actions = await Grain(plant.Value).ListAsync(context.CancellationToken);
        var response = new ListResponseActionsResponse();
        response.Actions.AddRange(actions
            .Where(a => request.PlaybookId.Length == 0 || a.Step.Playbook == request.PlaybookId)
            .Where(a => statuses.Count == 0 || statuses.Contains(a.Status))
            .Take(request.Limit == 0 ? DefaultLimit : request.Limit)
            .Select(ToProto));
        return response;
    }

    public override async Task<V1Action> ApplyResponseAction(ApplyResponseActionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.ActionId);
        caller.Authorize(AdminAction.ActOnResponse, plant);
        return ToProto(await Grain(plant).ApplyAsync(id, caller.Subject, context.CancellationToken));
    }

    public override async Task<V1Action> DismissResponseAction(DismissResponseActionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.ActionId, request.Reason);
        caller.Authorize(AdminAction.ActOnResponse, plant);
        return ToProto(await Grain(plant).DismissAsync(id, caller.Subject, request.Reason.Trim(), context.CancellationToken));
    }

    public override async Task<V1Action> RevertResponseAction(RevertResponseActionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = Key(request.PlantId, request.ActionId, request.Reason);
        caller.Authorize(AdminAction.ActOnResponse, plant);
        return ToProto(await Grain(plant).RevertAsync(id, caller.Subject, request.Reason.Trim(), context.CancellationToken));
    }

    /// <summary>The wire form of an action.</summary>
    public static V1Action ToProto(Policy.Response.Playbooks.ResponseAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var step = action.Step;
        var proto = new V1Action
        {
            Id = action.Id,
            PlantId = action.Plant.Value,
            PlaybookId = step.Playbook,
            StepIndex = step.Index,
            Kind = ResponseSpelling.Of(step.Step.Kind),
            Impact = step.Step.Impact,
            Status = (V1Status)(int)action.Status,
            Disposition = ResponseSpelling.Of(step.Disposition),
            Guard = step.Guard == StepGuard.None ? string.Empty : ResponseSpelling.Of(step.Guard),
            GuardReason = step.Reason ?? string.Empty,
            DetectionId = action.Trigger.Source == ResponseTriggerSource.Detection ? action.Trigger.Id : string.Empty,
            IncidentId = action.Incident,
            AssetId = step.Asset?.Value ?? string.Empty,
            IdentityId = step.Identity?.Value ?? string.Empty,
            QuarantineId = action.Quarantine ?? string.Empty,
            ProposedAt = Timestamp.FromDateTimeOffset(action.ProposedAt),
            AppliedBy = action.AppliedBy ?? string.Empty,
            ClosedBy = action.ClosedBy ?? string.Empty,
            ClosedReason = action.ClosedReason ?? string.Empty,
            Failure = action.Failure ?? string.Empty,
        };
        if (action.AppliedAt is { } applied)
        {
            proto.AppliedAt = Timestamp.FromDateTimeOffset(applied);
        }

        if (action.RevertAt is { } revert)
        {
            proto.RevertAt = Timestamp.FromDateTimeOffset(revert);
        }

        if (action.ClosedAt is { } closed)
        {
            proto.ClosedAt = Timestamp.FromDateTimeOffset(closed);
        }

        return proto;
    }

    private IResponseGrain Grain(PlantId plant) => cluster.GetGrain<IResponseGrain>(GrainKeys.Plant(plant));

    private async Task RequirePlantAsync(PlantId plant, CancellationToken cancellationToken)
    {
        if (await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetSummaryAsync(cancellationToken) is null)
        {
            throw new NotFoundException($"Plant '{plant}'");
        }
    }

    private static (PlantId Plant, string Id) Key(string plantId, string actionId, string? reason = null)
    {
        var violations = new List<Violation>();
        var plant = Plant(plantId, violations);
        if (!EntityId.IsValid(actionId))
        {
            violations.Add(new Violation("action_id", EntityId.Describe(actionId)));
        }

        if (reason is not null)
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                violations.Add(new Violation("reason", "is required"));
            }
            else if (reason.Trim().Length > QuarantineRules.MaxReasonLength)
            {
                violations.Add(new Violation("reason", $"is longer than {QuarantineRules.MaxReasonLength} characters"));
            }
        }

        Throw(violations);
        return (plant!.Value, actionId);
    }

    private static PlantId? Plant(string value, List<Violation> violations)
    {
        if (PlantId.TryParse(value, out var plant))
        {
            return plant;
        }

        violations.Add(new Violation("plant_id", EntityId.Describe(value)));
        return null;
    }

    private static void Throw(List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid request; see the field violations.", violations);
        }
    }
}
