namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>One stored assessment as a trend reads it: its id, when, and its state (<see cref="ComplianceItem.StateOf"/>).</summary>
public sealed record ComplianceStatePoint(string Id, DateTimeOffset At, IReadOnlyDictionary<string, string> State);
