namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>One observed operation of a flow, decided against the plant's document.</summary>
/// <param name="Operation">The operation (<c>fc3</c>, <c>download</c>), or null for a flow without operations.</param>
/// <param name="Count">How many times it was observed.</param>
/// <param name="Covered">Whether a conduit or declared flow allows it (perhaps only under its conditions).</param>
/// <param name="Conditional">
/// Covered only while a conduit's conditions hold (a maintenance window, a role, a grant): the document declares it,
/// whether it happened under those conditions is a question for the detections.
/// </param>
/// <param name="Reason">The decision's reason (<c>FlowReasons</c>), for example <c>no-conduit-between-zones</c>.</param>
/// <param name="RuleId">The rule that decided (<c>conduit:…</c>, <c>flow:…</c>), or for a deny the closest one; null when none.</param>
public sealed record OperationCoverage(string? Operation, long Count, bool Covered, bool Conditional, string Reason, string? RuleId);
