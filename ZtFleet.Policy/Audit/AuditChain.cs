using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Audit;

/// <summary>
/// The hash chain of an audit scope (a plant, or the fleet): each record's hash covers its own fields and the
/// previous record's hash, so editing, inserting or deleting a stored record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous-hash of a scope's first record.</summary>
    public static byte[] Genesis { get; } = new byte[32];

    /// <summary>Chains <paramref name="entry"/> after a record whose hash is <paramref name="previousHash"/>.</summary>
    public static AuditRecord Append(long sequence, AuditEntry entry, byte[] previousHash) =>
        new(sequence, entry, previousHash, Hash(sequence, entry, previousHash));

    /// <summary>The first record (in sequence order) whose hash or link does not hold, or null when all hold.</summary>
    public static AuditRecord? FirstBroken(IEnumerable<AuditRecord> records)
    {
        var previous = Genesis;
        foreach (var record in records)
        {
            if (!record.PreviousHash.AsSpan().SequenceEqual(previous)
                || !record.Hash.AsSpan().SequenceEqual(Hash(record.Sequence, record.Entry, record.PreviousHash)))
            {
                return record;
            }

            previous = record.Hash;
        }

        return null;
    }

    private static byte[] Hash(long sequence, AuditEntry entry, byte[] previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, entry.At.ToUnixTimeMilliseconds());
        hash.AppendData(number);
        foreach (var field in new[] { entry.Plant ?? string.Empty, entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Detail })
        {
            // Length-prefixed, so moving text from one field to the next changes the hash.
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }
}
