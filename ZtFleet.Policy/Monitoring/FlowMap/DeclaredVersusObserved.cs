using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>A plant's declared flows and conduits set against its observed flows.</summary>
/// <param name="Observed">Every observed flow judged: uncovered first, then partly covered, then covered; by events within.</param>
/// <param name="UnobservedFlows">Declared flows no observed flow matches (same ends, protocol and port), by id.</param>
/// <param name="ObservedFlows">Declared flows some observed flow matches, by id.</param>
/// <param name="UnusedConduits">Conduits that allowed nothing observed, by id (candidates for removal).</param>
public sealed record DeclaredVersusObserved(
    IReadOnlyList<ObservedFlowCoverage> Observed,
    IReadOnlyList<FlowId> UnobservedFlows,
    IReadOnlyList<FlowId> ObservedFlows,
    IReadOnlyList<ConduitId> UnusedConduits);
