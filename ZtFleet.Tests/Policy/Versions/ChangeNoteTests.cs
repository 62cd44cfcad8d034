using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Versions;

namespace ZtFleet.Tests.Policy.Versions;

public sealed class ChangeNoteTests
{
    public static readonly TheoryData<string?, string?, bool, string> Cases = new()
    {
        // reason, ticket, required, the violations ("" = none)
        { null, null, false, "" },
        { "", "  ", false, "" },
        { null, null, true, "reason" },
        { " \t ", null, true, "reason" },
        { "line moved", "CHG-2041", true, "" },
        { "first\nsecond", null, false, "reason" },
        { new string('r', 500), new string('t', 100), true, "" },
        { new string('r', 501), null, false, "reason" },
        { "ok", new string('t', 101), false, "change_ticket" },
        { "ok", "CHG\t1", false, "change_ticket" },
        { "a\u0000b", "x\ny", false, "reason,change_ticket" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reasons_and_tickets_are_one_bounded_line(string? reason, string? ticket, bool required, string fields)
    {
        var violations = ChangeNote.Check(reason, ticket, required, "the policy says so");

        Assert.Equal(fields, string.Join(",", violations.Select(v => v.Field)));
    }

    [Fact]
    public void Stored_values_are_trimmed_and_empty_is_none()
    {
        Assert.Null(ChangeNote.Normalize("   "));
        Assert.Equal("CHG-1", ChangeNote.Normalize("  CHG-1 "));
    }

    [Fact]
    public void The_policy_key_reads_and_writes_back_and_is_left_out_when_off()
    {
        const string Document = """
            apiVersion: ztfleet/v1
            fleet:
              name: F
            policy:
              requireChangeReason: true
            plants: []
            identities: []
            """;

        var read = FleetDocumentReader.Read(Document);

        Assert.True(read.IsValid, string.Join("; ", read.Violations));
        Assert.True(read.Document!.EffectivePolicy.RequireChangeReason);
        var written = FleetDocumentWriter.ToYaml(read.Document);
        Assert.Contains("requireChangeReason: true", written, StringComparison.Ordinal);
        Assert.Equal(read.Document.Policy, FleetDocumentReader.Read(written).Document!.Policy);
        Assert.DoesNotContain("requireChangeReason", FleetDocumentWriter.ToYaml(read.Document with { Policy = read.Document.Policy! with { RequireChangeReason = false } }), StringComparison.Ordinal);

        var wrong = FleetDocumentReader.Read(Document.Replace("requireChangeReason: true", "requireChangeReason: maybe", StringComparison.Ordinal));
        Assert.Contains(wrong.Violations, v => v.Description.Contains("true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_utf8_text_in_lowercase_hex()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FleetVersionHash.Of(string.Empty));
        Assert.Equal(64, FleetVersionHash.Of("apiVersion: ztfleet/v1\n").Length);
    }
}
