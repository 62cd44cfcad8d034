namespace ZtFleet.Policy.Audit;

/// <summary>The last record of a chain as its grain knows it: sequence 0 and the genesis hash for an empty chain.</summary>
public sealed record AuditHead(long Sequence, byte[] Hash);
