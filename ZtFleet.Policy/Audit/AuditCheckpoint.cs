namespace ZtFleet.Policy.Audit;

/// <summary>
/// A signed statement that the chain of <paramref name="Scope"/> had the record <paramref name="Sequence"/> with the
/// hash <paramref name="Hash"/> at <paramref name="At"/>. <paramref name="Signature"/> signs
/// <see cref="AuditCheckpoints.Payload(string, long, byte[], DateTimeOffset)"/> with the key whose id is
/// <paramref name="KeyId"/>, by <paramref name="Algorithm"/> (<see cref="AuditCheckpoints.EcdsaP256Sha256"/> or <see cref="AuditCheckpoints.Ed25519"/>).
/// </summary>
public sealed record AuditCheckpoint(
    string Scope,
    long Sequence,
    byte[] Hash,
    DateTimeOffset At,
    string Algorithm,
    string KeyId,
    byte[] Signature);
