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
/// <c>ztfleet.v1.FlowService</c>: compiles zone boundary rulesets in-process from the API's cached plant view with the
/// pure segmentation core; no grain call per request.
/// </summary>
public sealed class FlowApiService(PlantViewCache views) : FlowService.FlowServiceBase
{
    /// <inheritdoc />
    public override async Task<GetRulesetResponse> GetRuleset(GetRulesetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, zone) = request.Validate();
        caller.Authorize(AdminAction.ReadRuleset, plant);

        // An enforcement point bound to zones guards only those boundaries; unbound, the whole plant.
        PointScope.Require(caller, PointScope.Of(caller).ForZone(zone));

        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        if (!snapshot.Definition.Zones.Any(z => z.Id == zone))
        {
            throw new NotFoundException($"Zone '{zone}' of plant '{plant}'");
        }

        var ruleset = Rulesets.Compile(snapshot, [zone], request.Format, request.ModbusProxyPort);
        return new GetRulesetResponse
        {
            Ruleset = ruleset.Text,
            Epoch = ruleset.Epoch,
            Sha256 = ruleset.Sha256,
            Format = request.Format,
        };
    }
}
