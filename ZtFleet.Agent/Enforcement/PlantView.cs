using ZtFleet.Policy.Access;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Enforcement;

/// <summary>The plant as the agent enforces it: a snapshot and the flow model built from it, at one epoch.</summary>
public sealed class PlantView
{
    private PlantView(PlantSnapshot snapshot, FlowModel flows)
    {
        Snapshot = snapshot;
        Flows = flows;
    }

    /// <summary>The plant snapshot.</summary>
    public PlantSnapshot Snapshot { get; }

    /// <summary>The flow model every proxy decision is made on.</summary>
    public FlowModel Flows { get; }

    /// <summary>The plant epoch.</summary>
    public long Epoch => Snapshot.Epoch;

    /// <summary>Builds the view of a snapshot.</summary>
    public static PlantView Of(PlantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new PlantView(snapshot, FlowModel.Create(snapshot.Definition));
    }

    /// <summary>Decides one flow on this view at <paramref name="now"/>.</summary>
    public FlowDecision Decide(in FlowRequest request, DateTimeOffset now) => FlowEngine.Decide(in request, Flows);
}
