namespace ZtFleet.Policy.Audit;

/// <summary>One page of records; <paramref name="NextCursor"/> continues after it, null when this was the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? NextCursor);
