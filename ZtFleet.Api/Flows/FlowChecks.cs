using System.Runtime.CompilerServices;
using Grpc.Core;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Flows;

/// <summary>
/// <c>DecisionService/CheckFlow</c>: decides a network flow in-process from the API's cached plant view with the pure
/// segmentation core; no grain call per request. Denials go to the batched denial audit (<c>decision.flow-deny</c>).
/// </summary>
/// <remarks>
/// The flow model is indexed once per plant definition: the view replaces its definition object only when the plant
/// definition changes, so a weak table keyed by that object holds exactly one index per definition, and one keyed by
/// the snapshot adds each epoch's quarantines, identities and grants to it; old ones go with their snapshots.
/// </remarks>
public sealed class FlowChecks(
    PlantViewCache views, ControlPlaneClock time, ZtFleet.Api.Export.DecisionExportWriter exports, ZtFleet.Api.Audit.DenialAudit denials)
{
    /// <summary>Longest operation accepted; the longest in any vocabulary is far shorter.</summary>
    public const int MaxOperationLength = 64;

    private static readonly ConditionalWeakTable<PlantSpec, FlowModel> Indexes = [];
    private static readonly ConditionalWeakTable<PlantSnapshot, FlowModel> Models = [];

    /// <summary>
    /// Decides the flow for a caller who can see the plant (others: NOT_FOUND); a point bound to zones, only a flow with
    /// its source or destination in them (others: PERMISSION_DENIED).
    /// </summary>
    public async Task<CheckFlowResponse> CheckAsync(CheckFlowRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = PlantId.TryParse(request.PlantId, out var p) ? p : throw InvalidRequestException.Field("plant_id", EntityId.Describe(request.PlantId));
        caller.Authorize(AdminAction.Decide, plant);

        var flow = request.ToDomain();
        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        var model = Models.GetValue(snapshot, s => Indexes.GetValue(s.Definition, FlowModel.Create).With(s));
        PointScope.Require(caller, PointScope.Of(caller).ForFlow(model, flow));
        var now = time.GetUtcNow();
        var decision = FlowEngine.Decide(flow, model, now);
        ZtFleet.Grains.Diagnostics.ZtFleetMetrics.RecordDecision(decision.IsAllowed, "flow");
        if (!decision.IsAllowed)
        {
            // A routine denial, as Check's: queued for the batched writer, never waited for (docs/audit.md).
            denials.FlowDenied(caller, plant, flow, decision, snapshot.Epoch);
        }

        if (exports.WantsFlow(decision.IsAllowed))
        {
            exports.Offer(ZtFleet.Policy.Export.ExportRecords.From(plant, flow, decision, now, caller.EnforcementPoint?.Value));
        }

        return new CheckFlowResponse { Decision = decision.ToProto(snapshot.Epoch) };
    }
}
