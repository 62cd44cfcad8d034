namespace ZtFleet.Policy.Compliance;

/// <summary>One page of stored assessments of a scope, newest first; <see cref="Next"/> continues it (null: the last page).</summary>
public sealed record ComplianceAssessmentPage(IReadOnlyList<ComplianceSummary> Assessments, string? Next);
