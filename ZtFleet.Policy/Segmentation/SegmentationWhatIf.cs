using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// What a proposed change of zones, conduits or assets would do to the plant's declared flows: every declared flow
/// (of the current or the proposed definition) decided before and after, per operation of its protocol, and the ones
/// whose decision changes. Pure: the time is a parameter (conduit conditions may depend on it).
/// </summary>
public static class SegmentationWhatIf
{
    /// <summary>
    /// The declared flows whose decision differs between two states of a plant, with their quarantines, identities
    /// and grants (build <paramref name="after"/> by applying the proposed definition to <paramref name="before"/>).
    /// </summary>
    public static IReadOnlyList<FlowImpact> Compare(PlantSnapshot before, PlantSnapshot after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(FlowModel.Create(before), before.Definition, FlowModel.Create(after), after.Definition, now);
    }

    /// <summary>The declared flows whose decision differs between two plant definitions (no quarantines, no identities).</summary>
    public static IReadOnlyList<FlowImpact> Compare(PlantSpec before, PlantSpec after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(FlowModel.Create(before), before, FlowModel.Create(after), after, now);
    }

    private static List<FlowImpact> Compare(FlowModel beforeModel, PlantSpec before, FlowModel afterModel, PlantSpec after, DateTimeOffset now)
    {
        // A flow both definitions declare is judged as the proposal declares it.
        var flows = new SortedDictionary<string, FlowSpec>(StringComparer.Ordinal);
        foreach (var flow in before.Flows.Concat(after.Flows))
        {
            flows[flow.Id.Value] = flow;
        }

        var impacts = new List<FlowImpact>();
        foreach (var flow in flows.Values)
        {
            var operations = ProtocolOperations.RequiresOperations(flow.Protocol)
                ? (IReadOnlyList<string?>)ProtocolOperations.Named(flow.Protocol)
                : [null];
            foreach (var operation in operations)
            {
                var request = new FlowRequest(FlowEndpoint.OfAsset(flow.From), FlowEndpoint.OfAsset(flow.To), flow.Protocol, flow.Port, operation);
                var was = FlowEngine.Decide(request, beforeModel, now);
                var will = FlowEngine.Decide(request, afterModel, now);
                if (was.Effect != will.Effect)
                {
                    impacts.Add(new FlowImpact(flow.Id, flow.From, flow.To, flow.Protocol, flow.Port, operation, was, will));
                }
            }
        }

        return impacts;
    }
}

/// <summary>A declared flow (with one operation of its protocol) whose decision a proposed change would turn.</summary>
public sealed record FlowImpact(
    FlowId Flow,
    AssetId From,
    AssetId To,
    Protocol Protocol,
    int Port,
    string? Operation,
    FlowDecision Before,
    FlowDecision After)
{
    /// <summary>Allowed now, denied after the change.</summary>
    public bool BecomesDenied => Before.IsAllowed && !After.IsAllowed;
}
