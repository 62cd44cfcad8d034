using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Audit;

/// <summary>
/// The signed form of a checkpoint (docs/audit.md): a canonical text of five lines, each ended by a line feed,
/// <code>
/// ztfleet-audit-checkpoint v1
/// {scope}
/// {sequence, decimal}
/// {hash of the record at that sequence, 64 lowercase hex digits}
/// {time, UTC, yyyy-MM-ddTHH:mm:ss.fffZ}
/// </code>
/// encoded in UTF-8 and signed either with ECDSA P-256 over SHA-256, the signature DER-encoded (RFC 3279), so that
/// <c>openssl dgst -sha256 -verify pub.pem -signature sig.bin payload.txt</c> verifies it; or with Ed25519 (RFC 8032,
/// the pure variant over the text itself, a 64-byte signature), so that
/// <c>openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in payload.txt -sigfile sig.bin</c> verifies it.
/// </summary>
public static class AuditCheckpoints
{
    /// <summary>The algorithm name of ECDSA on P-256 with SHA-256, DER signatures.</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    /// <summary>The algorithm name of Ed25519 (pure, RFC 8032) over the payload.</summary>
    public const string Ed25519 = "ed25519";

    /// <summary>The first line of every payload (and its version).</summary>
    public const string Header = "ztfleet-audit-checkpoint v1";

    /// <summary>The canonical text a checkpoint signs.</summary>
    public static string PayloadText(string scope, long sequence, byte[] hash, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(hash);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Header}\n{scope}\n{sequence}\n{Convert.ToHexStringLower(hash)}\n{Time(at)}\n");
    }

    /// <summary>The bytes a checkpoint signs: <see cref="PayloadText"/> in UTF-8.</summary>
    public static byte[] Payload(string scope, long sequence, byte[] hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(PayloadText(scope, sequence, hash, at));

    /// <summary>The bytes <paramref name="checkpoint"/> signs.</summary>
    public static byte[] Payload(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Payload(checkpoint.Scope, checkpoint.Sequence, checkpoint.Hash, checkpoint.At);
    }

    /// <summary>A checkpoint time as the payload spells it (and as it is kept: milliseconds, UTC).</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Truncates <paramref name="at"/> to what a checkpoint keeps: whole milliseconds, UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>The id of a public key: SHA-256 of its DER SubjectPublicKeyInfo, in lowercase hex.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The public half of <paramref name="key"/> as it is published.</summary>
    public static AuditSigningKey PublicKeyOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new AuditSigningKey(EcdsaP256Sha256, KeyIdOf(key), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Signs the head (<paramref name="sequence"/>, <paramref name="hash"/>) of <paramref name="scope"/> at <paramref name="at"/>.</summary>
    public static AuditCheckpoint Sign(ECDsa key, string scope, long sequence, byte[] hash, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("Checkpoints are signed with ECDSA on P-256.", nameof(key));
        }

        var time = Truncate(at);
        var signature = key.SignData(Payload(scope, sequence, hash, time), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new AuditCheckpoint(scope, sequence, hash, time, EcdsaP256Sha256, KeyIdOf(key), signature);
    }

    /// <summary>Signs the head (<paramref name="sequence"/>, <paramref name="hash"/>) of <paramref name="scope"/> at <paramref name="at"/> with either algorithm.</summary>
    public static AuditCheckpoint Sign(AuditCheckpointKey key, string scope, long sequence, byte[] hash, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        var time = Truncate(at);
        return new AuditCheckpoint(scope, sequence, hash, time, key.Algorithm, key.KeyId, key.Sign(Payload(scope, sequence, hash, time)));
    }

    /// <summary>Whether <paramref name="checkpoint"/>'s signature holds under <paramref name="key"/> (false for another algorithm or key).</summary>
    public static bool Verify(AuditCheckpoint checkpoint, AuditCheckpointKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        return checkpoint.Algorithm == key.Algorithm && key.Verify(Payload(checkpoint), checkpoint.Signature);
    }

    /// <summary>Whether <paramref name="checkpoint"/>'s signature holds under <paramref name="key"/> (false for another algorithm).</summary>
    public static bool Verify(AuditCheckpoint checkpoint, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        if (checkpoint.Algorithm != EcdsaP256Sha256)
        {
            return false;
        }

        try
        {
            return key.VerifyData(Payload(checkpoint), checkpoint.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
