using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <summary>
/// The silo's checkpoint key, read once from <see cref="AuditCheckpointOptions.SigningKey"/> (ECDSA P-256 or Ed25519,
/// detected from the PEM); disabled without one.
/// </summary>
public sealed class AuditCheckpointSigner : IDisposable
{
    private readonly AuditCheckpointKey? _key;

    /// <summary>Reads the configured key; a file that is not an ECDSA P-256 or Ed25519 private key in PEM is refused at start.</summary>
    public AuditCheckpointSigner(IOptions<AuditCheckpointOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interval = options.Value.CheckpointInterval;
        if (!string.IsNullOrWhiteSpace(options.Value.SigningKey))
        {
            _key = Load(options.Value.SigningKey);
            PublicKey = _key.PublicKey;
        }
    }

    /// <summary>Whether a key is configured.</summary>
    public bool Enabled => _key is not null;

    /// <summary>How often heads are signed.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The public half of the key, or null without one.</summary>
    public AuditSigningKey? PublicKey { get; }

    /// <summary>Signs the head of <paramref name="scope"/>.</summary>
    public AuditCheckpoint Sign(string scope, AuditHead head, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(head);
        return AuditCheckpoints.Sign(_key ?? throw new InvalidOperationException("No audit signing key is configured."), scope, head.Sequence, head.Hash, at);
    }

    /// <summary>Whether <paramref name="checkpoint"/>'s signature holds under this silo's key (false without one).</summary>
    public bool Verify(AuditCheckpoint checkpoint) => _key is not null && AuditCheckpoints.Verify(checkpoint, _key);

    /// <summary>Why <paramref name="path"/> cannot serve as a signing key, or null when it can.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            using var key = Load(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException or FormatException)
        {
            return $"ZtFleet:Audit:SigningKey '{path}' is not a readable ECDSA P-256 or Ed25519 private key in PEM: {ex.Message}";
        }
    }

    public void Dispose() => _key?.Dispose();

    private static AuditCheckpointKey Load(string path) => AuditCheckpointKey.FromPem(File.ReadAllText(path));
}
