using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>The plant definition that would declare the chosen observed flows, or why some cannot be declared.</summary>
/// <param name="Plant">The proposed definition (the current one when nothing needs to change).</param>
/// <param name="Changes">Per chosen flow, what the proposal does (empty when any flow was refused).</param>
/// <param name="Refusals">The chosen flows that cannot be proposed; when any, <paramref name="Plant"/> is the current definition.</param>
public sealed record FlowProposal(PlantSpec Plant, IReadOnlyList<ProposedChange> Changes, IReadOnlyList<ProposalRefusal> Refusals)
{
    /// <summary>True when the proposal changes the definition.</summary>
    public bool ChangesAnything => Changes.Any(c => c.Kind != ProposalKind.AlreadyCovered);
}
