using System.Security.Cryptography;
using System.Text;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Tests.Policy.Audit;

/// <summary>
/// The checkpoint key's algorithm is read from its PEM: ECDSA P-256 (SEC1 or PKCS#8) or Ed25519 (PKCS#8); each signs
/// and verifies the documented text; anything else is refused.
/// </summary>
public sealed class AuditCheckpointKeyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, 1, TimeSpan.Zero);
    private static readonly byte[] Hash = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    [Fact]
    public void An_ed25519_key_signs_the_documented_text_with_64_bytes_and_verifies_only_it()
    {
        using var generated = AuditCheckpointKey.NewEd25519();
        using var key = AuditCheckpointKey.FromPem(generated.ExportPrivateKeyPem());

        var checkpoint = AuditCheckpoints.Sign(key, "berlin", 42, Hash, At);

        Assert.Equal((AuditCheckpoints.Ed25519, 64), (checkpoint.Algorithm, checkpoint.Signature.Length));
        Assert.Equal(key.KeyId, checkpoint.KeyId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.PublicKeyDer)), key.KeyId);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.PublicKey.PublicKeyPem, StringComparison.Ordinal);
        Assert.Equal(
            "ztfleet-audit-checkpoint v1\nberlin\n42\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n2026-12-01T08:00:00.001Z\n",
            Encoding.UTF8.GetString(AuditCheckpoints.Payload(checkpoint)));
        Assert.True(AuditCheckpoints.Verify(checkpoint, generated));
        Assert.False(AuditCheckpoints.Verify(checkpoint with { Sequence = 43 }, key));
        using var other = AuditCheckpointKey.NewEd25519();
        Assert.False(AuditCheckpoints.Verify(checkpoint, other));
    }

    [Fact]
    public void Ecdsa_keys_in_sec1_and_pkcs8_are_detected_and_checkpoints_do_not_verify_across_algorithms()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var sec1 = AuditCheckpointKey.FromPem(ecdsa.ExportECPrivateKeyPem());
        using var pkcs8 = AuditCheckpointKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem());
        using var ed25519 = AuditCheckpointKey.NewEd25519();

        var checkpoint = AuditCheckpoints.Sign(sec1, "berlin", 7, Hash, At);

        Assert.Equal((AuditCheckpoints.EcdsaP256Sha256, AuditCheckpoints.EcdsaP256Sha256), (sec1.Algorithm, pkcs8.Algorithm));
        Assert.Equal(sec1.KeyId, pkcs8.KeyId);
        Assert.Equal(AuditCheckpoints.KeyIdOf(ecdsa), sec1.KeyId);
        Assert.True(AuditCheckpoints.Verify(checkpoint, pkcs8));
        Assert.True(AuditCheckpoints.Verify(checkpoint, ecdsa));
        Assert.False(AuditCheckpoints.Verify(checkpoint, ed25519));
        Assert.False(AuditCheckpoints.Verify(AuditCheckpoints.Sign(ed25519, "berlin", 7, Hash, At), sec1));
    }

    [Fact]
    public void Other_keys_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<CryptographicException>(() => AuditCheckpointKey.FromPem(p384.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => AuditCheckpointKey.FromPem(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => AuditCheckpointKey.FromPem(p256.ExportSubjectPublicKeyInfoPem()));
        Assert.ThrowsAny<Exception>(() => AuditCheckpointKey.FromPem("not a key"));
    }
}
