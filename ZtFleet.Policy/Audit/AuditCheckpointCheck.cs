namespace ZtFleet.Policy.Audit;

/// <summary>A checkpoint a verification covered, and whether its signature holds under the current signing key.</summary>
public sealed record AuditCheckpointCheck(AuditCheckpoint Checkpoint, bool SignatureValid);
