using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Audit;

/// <summary>
/// The export form of a chain's records and checkpoints, "ztfleet-audit-export v1" (docs/audit.md): one JSON object
/// with the scope, the range, the public key, the records (every field as hashed, hashes in hex, times both as text
/// and as the Unix milliseconds the hash covers) and the checkpoints (each with the exact text it signs and the
/// signature in base64).
/// </summary>
public static class AuditExport
{
    /// <summary>The value of the document's <c>format</c> member.</summary>
    public const string Format = "ztfleet-audit-export v1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    /// <summary>The export document.</summary>
    public static string Write(
        string scope,
        long from,
        long to,
        DateTimeOffset exportedAt,
        AuditSigningKey? key,
        IReadOnlyList<AuditRecord>? records,
        IReadOnlyList<AuditCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var document = new
        {
            format = Format,
            scope,
            fromSequence = from,
            toSequence = to,
            exportedAt = AuditCheckpoints.Time(exportedAt),
            signingKey = key is null ? null : new { algorithm = key.Algorithm, keyId = key.KeyId, publicKeyPem = key.PublicKeyPem },
            records = records?.Select(r => new
            {
                sequence = r.Sequence,
                plantId = r.Entry.Plant,
                at = AuditCheckpoints.Time(r.Entry.At),
                atUnixMs = r.Entry.At.ToUnixTimeMilliseconds(),
                actor = r.Entry.Actor,
                action = r.Entry.Action,
                target = r.Entry.Target,
                outcome = r.Entry.Outcome,
                detail = r.Entry.Detail,
                previousHash = Convert.ToHexStringLower(r.PreviousHash),
                hash = Convert.ToHexStringLower(r.Hash),
            }),
            checkpoints = checkpoints.Select(c => new
            {
                scope = c.Scope,
                sequence = c.Sequence,
                hash = Convert.ToHexStringLower(c.Hash),
                at = AuditCheckpoints.Time(c.At),
                algorithm = c.Algorithm,
                keyId = c.KeyId,
                payload = AuditCheckpoints.PayloadText(c.Scope, c.Sequence, c.Hash, c.At),
                signature = Convert.ToBase64String(c.Signature),
            }),
        };
        return JsonSerializer.Serialize(document, Options);
    }
}
