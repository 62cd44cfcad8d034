using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ZtFleet.Policy.Audit;

/// <summary>
/// The private key that signs checkpoints, of either algorithm docs/audit.md offers, detected from its PEM: an ECDSA
/// P-256 key (SEC1 <c>EC PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c> with the EC algorithm) signs
/// <see cref="AuditCheckpoints.EcdsaP256Sha256"/>; an Ed25519 key (PKCS#8 <c>PRIVATE KEY</c>, as
/// <c>openssl genpkey -algorithm ed25519</c> writes it) signs <see cref="AuditCheckpoints.Ed25519"/>.
/// </summary>
public sealed class AuditCheckpointKey : IDisposable
{
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;

    private AuditCheckpointKey(ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519)
    {
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
        if (ecdsa is not null)
        {
            Algorithm = AuditCheckpoints.EcdsaP256Sha256;
            PublicKeyDer = ecdsa.ExportSubjectPublicKeyInfo();
        }
        else
        {
            Algorithm = AuditCheckpoints.Ed25519;
            PublicKeyDer = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ed25519!.GeneratePublicKey()).GetDerEncoded();
        }

        KeyId = Convert.ToHexStringLower(SHA256.HashData(PublicKeyDer));
        PublicKey = new AuditSigningKey(Algorithm, KeyId, PemEncoding.WriteString("PUBLIC KEY", PublicKeyDer));
    }

    /// <summary><see cref="AuditCheckpoints.EcdsaP256Sha256"/> or <see cref="AuditCheckpoints.Ed25519"/>.</summary>
    public string Algorithm { get; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex.</summary>
    public string KeyId { get; }

    /// <summary>The public half as it is published.</summary>
    public AuditSigningKey PublicKey { get; }

    /// <summary>The DER SubjectPublicKeyInfo of the public half.</summary>
    public byte[] PublicKeyDer { get; }

    /// <summary>
    /// Reads a private key from PEM text and detects its algorithm. Throws <see cref="CryptographicException"/> for
    /// anything else: another curve, another algorithm, an encrypted key, a public key alone.
    /// </summary>
    public static AuditCheckpointKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var fields = PemEncoding.Find(pem);
        var label = pem[fields.Label];
        if (label == "PRIVATE KEY")
        {
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            PrivateKeyInfo info;
            try
            {
                info = PrivateKeyInfo.GetInstance(der);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
            {
                throw new CryptographicException($"the PEM 'PRIVATE KEY' is not PKCS#8: {ex.Message}");
            }

            var algorithm = info.PrivateKeyAlgorithm.Algorithm.Id;
            if (algorithm == Ed25519Oid)
            {
                return new AuditCheckpointKey(null, (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(info));
            }

            if (algorithm != EcOid)
            {
                throw new CryptographicException($"the key's algorithm {algorithm} is neither ECDSA (P-256) nor Ed25519");
            }
        }
        else if (label != "EC PRIVATE KEY")
        {
            throw new CryptographicException($"a PEM '{label}' is not a private key (expected 'PRIVATE KEY' or 'EC PRIVATE KEY')");
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            if (ecdsa.KeySize != 256)
            {
                throw new CryptographicException($"the key is on a {ecdsa.KeySize}-bit curve, not P-256");
            }

            // A public key alone imports too; signing needs the private half.
            _ = ecdsa.ExportParameters(includePrivateParameters: true);
            return new AuditCheckpointKey(ecdsa, null);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    /// <summary>An ECDSA P-256 key (the caller keeps ownership of <paramref name="key"/>'s lifetime through this object).</summary>
    public static AuditCheckpointKey FromEcdsa(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("Checkpoints are signed with ECDSA on P-256.", nameof(key));
        }

        return new AuditCheckpointKey(key, null);
    }

    /// <summary>A new random Ed25519 key (tests).</summary>
    public static AuditCheckpointKey NewEd25519() => new(null, new Ed25519PrivateKeyParameters(new SecureRandom()));

    /// <summary>The private key as PKCS#8 PEM (<c>PRIVATE KEY</c>), as openssl writes it.</summary>
    public string ExportPrivateKeyPem() =>
        _ecdsa is not null
            ? _ecdsa.ExportPkcs8PrivateKeyPem()
            : PemEncoding.WriteString("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(_ed25519!).GetDerEncoded());

    /// <summary>Signs <paramref name="payload"/>: ECDSA over SHA-256 with a DER signature, or pure Ed25519 (64 bytes).</summary>
    public byte[] Sign(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_ecdsa is not null)
        {
            return _ecdsa.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519);
        signer.BlockUpdate(payload, 0, payload.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Whether <paramref name="signature"/> over <paramref name="payload"/> holds under this key's public half.</summary>
    public bool Verify(byte[] payload, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(signature);
        if (_ecdsa is not null)
        {
            try
            {
                return _ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, _ed25519!.GeneratePublicKey());
        verifier.BlockUpdate(payload, 0, payload.Length);
        return verifier.VerifySignature(signature);
    }

    /// <inheritdoc />
    public void Dispose() => _ecdsa?.Dispose();
}
