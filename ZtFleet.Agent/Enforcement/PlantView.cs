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

    /// <summary>The flow model every proxy decision is made on (definition, quarantines, identities, grants).</summary>
    public FlowModel Flows { get; }

    /// <summary>The plant epoch.</summary>
    public long Epoch => Snapshot.Epoch;

    /// <summary>
    /// The view of a snapshot; when <paramref name="previous"/> has the same definition its index is reused and only
    /// the identities, grants and quarantines are taken anew (a grant or a revocation costs little).
    /// </summary>
    public static PlantView Of(PlantSnapshot snapshot, PlantView? previous = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var flows = previous is not null && ReferenceEquals(previous.Snapshot.Definition, snapshot.Definition)
            ? previous.Flows.With(snapshot)
            : FlowModel.Create(snapshot);
        return new PlantView(snapshot, flows);
    }

    /// <summary>Decides one flow on this view at <paramref name="now"/> (grants and maintenance windows are timed).</summary>
    public FlowDecision Decide(in FlowRequest request, DateTimeOffset now) => FlowEngine.Decide(in request, Flows, now);
}
