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

    /// <summary>The hash a record's fields and previous hash give (what its stored hash must be).</summary>
    public static byte[] HashOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Hash(record.Sequence, record.Entry, record.PreviousHash);
    }

    /// <summary>
    /// Verifies the records <paramref name="from"/> to <paramref name="to"/> of a chain and names the first that does
    /// not hold, and why: a sequence gap or a previous-hash that is not the hash of the record before
    /// (<see cref="AuditBreak.RecordMissing"/>), a hash that its fields do not give or that differs from a signed
    /// checkpoint's (<see cref="AuditBreak.ContentChanged"/>), or a chain that ends before the highest of
    /// <paramref name="knownHead"/> and the checkpoints' sequences within the range (<see cref="AuditBreak.TailCut"/>).
    /// </summary>
    /// <param name="records">The stored records with sequences <paramref name="from"/> to <paramref name="to"/>, in sequence order.</param>
    /// <param name="from">The first sequence to verify (1 or more).</param>
    /// <param name="to">The last sequence to verify.</param>
    /// <param name="anchor">
    /// The stored hash of the record before <paramref name="from"/> (<see cref="Genesis"/> when <paramref name="from"/> is
    /// 1); null when that record is not there, and then the first record's link is not checked.
    /// </param>
    /// <param name="knownHead">The last sequence the chain is known to have reached (0: unknown).</param>
    /// <param name="checkpoints">Checkpoints whose signatures hold; those in the range are checked against the records.</param>
    public static AuditVerification Verify(
        IEnumerable<AuditRecord> records, long from, long to, byte[]? anchor, long knownHead, IReadOnlyList<AuditCheckpointCheck> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var covered = checkpoints.Where(c => c.Checkpoint.Sequence >= from && c.Checkpoint.Sequence <= to).ToList();
        var signed = covered.Where(c => c.SignatureValid).ToDictionary(c => c.Checkpoint.Sequence, c => c.Checkpoint);
        var expected = from;
        var previous = anchor;
        long count = 0;
        AuditVerification Broken(long sequence, AuditBreak reason, string why) => new(from, to, count, sequence, reason, why, covered);

        foreach (var record in records)
        {
            if (record.Sequence < from || record.Sequence > to)
            {
                continue;
            }

            if (record.Sequence != expected)
            {
                return Broken(expected, AuditBreak.RecordMissing,
                    $"Record {expected} is missing: the chain goes from {expected - 1} to {record.Sequence}.");
            }

            count++;
            if (!record.Hash.AsSpan().SequenceEqual(Hash(record.Sequence, record.Entry, record.PreviousHash)))
            {
                return Broken(record.Sequence, AuditBreak.ContentChanged,
                    $"Record {record.Sequence} was changed: its fields no longer give its hash.");
            }

            if (previous is not null && !record.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return Broken(record.Sequence, AuditBreak.RecordMissing,
                    $"Record {record.Sequence} does not follow the record before it (its previous hash differs): a record before it was removed or replaced.");
            }

            if (signed.TryGetValue(record.Sequence, out var checkpoint) && !record.Hash.AsSpan().SequenceEqual(checkpoint.Hash))
            {
                return Broken(record.Sequence, AuditBreak.ContentChanged,
                    $"Record {record.Sequence} differs from the signed checkpoint of {AuditCheckpoints.Time(checkpoint.At)}: the chain was rewritten.");
            }

            previous = record.Hash;
            expected++;
        }

        var last = expected - 1;
        var checkpointed = signed.Count == 0 ? 0 : signed.Keys.Max();
        var end = Math.Min(to, Math.Max(knownHead, checkpointed));
        if (last < end)
        {
            var witness = checkpointed >= end
                ? $"a signed checkpoint says it reached {checkpointed}"
                : $"the chain's grain knows it reached {knownHead}";
            return Broken(expected, AuditBreak.TailCut,
                last < from
                    ? $"The chain has no record from {from} on, but {witness}: its tail was cut."
                    : $"The chain ends at {last}, but {witness}: its tail was cut.");
        }

        return new AuditVerification(from, to, count, null, AuditBreak.None,
            count == 0 ? "There are no records in the range." : $"Records {from} to {last} hold.", covered);
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
