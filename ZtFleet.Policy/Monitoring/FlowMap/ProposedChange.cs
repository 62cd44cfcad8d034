namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>What a proposal does for one chosen observed flow.</summary>
/// <param name="Key">The observed flow's key.</param>
/// <param name="Kind">What is added or extended.</param>
/// <param name="RuleId">The rule added or extended (<c>flow:…</c>, <c>conduit:…</c>); null when already covered.</param>
/// <param name="Operations">The operations the change adds (empty for an IT protocol: the whole protocol).</param>
/// <param name="Before">The flow judged against the current document.</param>
/// <param name="After">The flow judged against the proposed document.</param>
public sealed record ProposedChange(
    string Key,
    ProposalKind Kind,
    string? RuleId,
    IReadOnlyList<string> Operations,
    ObservedFlowCoverage Before,
    ObservedFlowCoverage After);
