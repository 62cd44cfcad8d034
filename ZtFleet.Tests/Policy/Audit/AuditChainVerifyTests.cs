using System.Security.Cryptography;
using System.Text;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Tests.Policy.Audit;

/// <summary>Verification names the first broken record and why; checkpoints sign a documented text.</summary>
public sealed class AuditChainVerifyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var chain = Chain(5);

        var verification = AuditChain.Verify(chain, 1, 5, AuditChain.Genesis, 5, []);

        Assert.True(verification.Intact);
        Assert.Equal((5L, (long?)null), (verification.Checked, verification.FirstBroken));
    }

    [Fact]
    public void A_changed_detail_is_named_as_content_changed()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Detail = """{"n":99}""" } };

        var verification = AuditChain.Verify(chain, 1, 5, AuditChain.Genesis, 5, []);

        Assert.Equal((3L, AuditBreak.ContentChanged), (verification.FirstBroken!.Value, verification.Break));
    }

    [Fact]
    public void A_deleted_middle_record_is_named_as_missing()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);

        var verification = AuditChain.Verify(chain, 1, 5, AuditChain.Genesis, 5, []);

        Assert.Equal((3L, AuditBreak.RecordMissing), (verification.FirstBroken!.Value, verification.Break));
        Assert.Contains("goes from 2 to 4", verification.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renumbered_chain_after_a_deletion_is_named_by_its_broken_link()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);
        for (var i = 2; i < chain.Count; i++)
        {
            // Renumbered and rehashed on its own, but still linked to the removed record's hash.
            var renumbered = AuditChain.Append(i + 1, chain[i].Entry, chain[i].PreviousHash);
            chain[i] = renumbered;
        }

        var verification = AuditChain.Verify(chain, 1, 4, AuditChain.Genesis, 0, []);

        Assert.Equal((3L, AuditBreak.RecordMissing), (verification.FirstBroken!.Value, verification.Break));
    }

    [Fact]
    public void A_cut_tail_is_seen_against_the_known_head_and_against_a_signed_checkpoint()
    {
        var chain = Chain(5);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = AuditCheckpoints.Sign(key, "berlin", 5, chain[4].Hash, At);
        var cut = chain.Take(3).ToList();

        var byHead = AuditChain.Verify(cut, 1, 5, AuditChain.Genesis, 5, []);
        var byCheckpoint = AuditChain.Verify(cut, 1, 5, AuditChain.Genesis, 3, [new AuditCheckpointCheck(checkpoint, true)]);
        var byForgedCheckpoint = AuditChain.Verify(cut, 1, 5, AuditChain.Genesis, 3, [new AuditCheckpointCheck(checkpoint, false)]);

        Assert.Equal((4L, AuditBreak.TailCut), (byHead.FirstBroken!.Value, byHead.Break));
        Assert.Equal((4L, AuditBreak.TailCut), (byCheckpoint.FirstBroken!.Value, byCheckpoint.Break));
        Assert.Contains("signed checkpoint", byCheckpoint.Explanation, StringComparison.Ordinal);
        Assert.True(byForgedCheckpoint.Intact);
    }

    [Fact]
    public void A_rewritten_chain_that_holds_on_its_own_differs_from_the_signed_checkpoint()
    {
        var chain = Chain(4);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = AuditCheckpoints.Sign(key, "berlin", 4, chain[3].Hash, At);
        var rewritten = new List<AuditRecord>();
        var previous = AuditChain.Genesis;
        foreach (var record in chain)
        {
            var entry = record.Sequence == 2 ? record.Entry with { Outcome = "nothing happened" } : record.Entry;
            rewritten.Add(AuditChain.Append(record.Sequence, entry, previous));
            previous = rewritten[^1].Hash;
        }

        var verification = AuditChain.Verify(rewritten, 1, 4, AuditChain.Genesis, 0, [new AuditCheckpointCheck(checkpoint, true)]);

        Assert.Equal((4L, AuditBreak.ContentChanged), (verification.FirstBroken!.Value, verification.Break));
        Assert.Contains("rewritten", verification.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_in_the_middle_is_anchored_on_the_record_before_it()
    {
        var chain = Chain(6);

        Assert.True(AuditChain.Verify(chain.Skip(3), 4, 6, chain[2].Hash, 6, []).Intact);
        Assert.Equal(AuditBreak.RecordMissing, AuditChain.Verify(chain.Skip(3), 4, 6, chain[1].Hash, 6, []).Break);
    }

    [Fact]
    public void The_checkpoint_payload_is_the_documented_text_and_its_signature_verifies()
    {
        var hash = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var checkpoint = AuditCheckpoints.Sign(key, "berlin", 42, hash, At.AddTicks(12_345));

        Assert.Equal(
            "ztfleet-audit-checkpoint v1\nberlin\n42\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n2026-12-01T08:00:00.001Z\n",
            Encoding.UTF8.GetString(AuditCheckpoints.Payload(checkpoint)));
        Assert.Equal(AuditCheckpoints.EcdsaP256Sha256, checkpoint.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), checkpoint.KeyId);
        Assert.True(AuditCheckpoints.Verify(checkpoint, key));
        Assert.False(AuditCheckpoints.Verify(checkpoint with { Sequence = 43 }, key));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(AuditCheckpoints.Verify(checkpoint, other));
    }

    private static List<AuditRecord> Chain(int count)
    {
        var records = new List<AuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var record = AuditChain.Append(i, new AuditEntry("berlin", At.AddSeconds(i), "alice (plant-admin)", "test.step", $"asset-{i}", "done", $$"""{"n":{{i}}}"""), previous);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }
}
