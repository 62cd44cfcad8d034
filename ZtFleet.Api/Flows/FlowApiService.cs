using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using ZtFleet.Api.Errors;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Flows;

/// <summary>
/// <c>ztfleet.v1.FlowService</c>: decides network flows and compiles zone boundary rulesets in-process from the API's
/// cached plant view with the pure segmentation core; no grain call per request.
/// </summary>
/// <remarks>
/// The flow model is indexed once per plant definition: the view replaces its definition object only when the plant
/// definition changes, so a weak table keyed by that object holds exactly one model per definition and lets old ones
/// go with their snapshots.
/// </remarks>
public sealed class FlowApiService(PlantViewCache views) : FlowService.FlowServiceBase
{
    /// <summary>Longest operation accepted; the longest in any vocabulary is far shorter.</summary>
    public const int MaxOperationLength = 64;

    private static readonly ConditionalWeakTable<PlantSpec, FlowModel> Models = [];

    /// <inheritdoc />
    public override async Task<CheckFlowResponse> CheckFlow(CheckFlowRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = PlantId.TryParse(request.PlantId, out var p) ? p : throw ApiErrors.InvalidField("plant_id", EntityId.Describe(request.PlantId));
        if (!caller.CanSee(plant))
        {
            throw ApiErrors.NotFound($"Plant '{plant}'");
        }

        var flow = request.ToDomain();
        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        var model = Models.GetValue(snapshot.Definition, FlowModel.Create);
        var decision = FlowEngine.Decide(flow, model);
        return new CheckFlowResponse { Decision = decision.ToProto(snapshot.Epoch) };
    }

    /// <inheritdoc />
    public override async Task<GetRulesetResponse> GetRuleset(GetRulesetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, zone) = request.Validate();
        if (!caller.CanSee(plant))
        {
            throw ApiErrors.NotFound($"Plant '{plant}'");
        }

        // An enforcement point bound to zones guards only those boundaries; unbound, the whole plant.
        if (caller.Role == Role.EnforcementPoint && caller.Zones.Count > 0 && !caller.Zones.Contains(zone))
        {
            throw ApiErrors.RoleNotAllowed($"Enforcement point '{caller.Subject}' is not bound to zone '{zone}'.");
        }

        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        var definition = snapshot.Definition;
        if (!definition.Zones.Any(z => z.Id == zone))
        {
            throw ApiErrors.NotFound($"Zone '{zone}' of plant '{plant}'");
        }

        var text = request.Format == RulesetFormat.JsonAcl
            ? JsonAcl.Compile(definition, zone, snapshot.Epoch)
            : NftablesRuleset.Compile(definition, zone, snapshot.Epoch);
        return new GetRulesetResponse
        {
            Ruleset = text,
            Epoch = snapshot.Epoch,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            Format = request.Format,
        };
    }
}
