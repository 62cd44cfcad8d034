namespace ZtFleet.Grains.Audit;

/// <summary>
/// <c>ZtFleet:Audit</c> on the silos: the key that signs each audit chain's head, and how often (docs/audit.md).
/// Without a key no checkpoint is signed (and verification relies on the records and the grain's head alone).
/// </summary>
public sealed class AuditCheckpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ZtFleet:Audit";

    /// <summary>The default <see cref="CheckpointInterval"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The path of a PEM file holding an ECDSA P-256 private key (<c>openssl ecparam -name prime256v1 -genkey -noout</c>,
    /// or PKCS#8 <c>openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</c>) or an Ed25519 private key
    /// (<c>openssl genpkey -algorithm ed25519</c>); the algorithm is read from the key. Empty: no checkpoints.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How often each chain's head is signed when it moved (an Orleans reminder: one minute to one day).</summary>
    public TimeSpan CheckpointInterval { get; set; } = DefaultCheckpointInterval;
}
