namespace ZtFleet.Policy.Audit;

/// <summary>
/// The public half of the key that signs checkpoints: its algorithm, its id (<see cref="AuditCheckpoints.KeyIdOf"/>) and
/// the key as a PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo), what <c>openssl dgst -verify</c> takes.
/// </summary>
public sealed record AuditSigningKey(string Algorithm, string KeyId, string PublicKeyPem);
