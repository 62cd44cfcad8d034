namespace ZtFleet.Policy.Audit;

/// <summary>An audit entry as stored: its position in its scope's chain and the hashes that chain it.</summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);
