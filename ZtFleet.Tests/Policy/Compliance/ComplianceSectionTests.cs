using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>The fleet document's compliance: section: reading, writing back, validation and the diff.</summary>
public sealed class ComplianceSectionTests
{
    private const string Section = """
        compliance:
          attestations:
            - requirement: SR 7.5
              plant: berlin
              by: facility.manager@acme.example
              at: 2026-10-01
              evidence: UPS test report FM-2026-113
              expires: 2027-10-01
            - requirement: sr 3.1 re1
              plant: berlin
              zone: cell-1
              by: ot.security@acme.example
              at: 2026-11-02T08:30:00Z
              evidence: OPC UA SignAndEncrypt configuration review OT-552
            - requirement: A.8.17
              by: it.operations@acme.example
              at: "2026-09-15T12:00:00+02:00"
              evidence: NTP hierarchy design IT-77

        """;

    private static string With(string section) =>
        FleetSamples.Berlin.Replace("plants:\n", section + "plants:\n", StringComparison.Ordinal);

    private static IReadOnlyList<Violation> Violations(string section) => FleetDocumentReader.Read(With(section)).Violations;

    [Fact]
    public void Attestations_are_read_with_canonical_ids_and_utc_times()
    {
        var attestations = FleetSamples.Read(With(Section)).EffectiveCompliance.Attestations;

        Assert.Equal(3, attestations.Count);
        Assert.Equal(
            new ComplianceAttestation(
                "SR 7.5", PlantId.Parse("berlin"), null, "facility.manager@acme.example", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
                "UPS test report FM-2026-113", new DateTimeOffset(2027, 10, 1, 0, 0, 0, TimeSpan.Zero)),
            attestations[0]);
        Assert.Equal("SR 3.1 RE 1", attestations[1].Requirement);
        Assert.Equal(ZoneId.Parse("cell-1"), attestations[1].Zone);
        Assert.Null(attestations[2].Plant);
        Assert.Equal(new DateTimeOffset(2026, 9, 15, 10, 0, 0, TimeSpan.Zero), attestations[2].At);
    }

    [Fact]
    public void A_document_without_the_section_has_none_and_writes_none()
    {
        var document = FleetSamples.Document();

        Assert.Null(document.Compliance);
        Assert.Empty(document.EffectiveCompliance.Attestations);
        Assert.DoesNotContain("compliance:", FleetDocumentWriter.ToYaml(document), StringComparison.Ordinal);
    }

    [Fact]
    public void The_section_writes_back_and_reads_to_the_same_attestations()
    {
        var document = FleetSamples.Read(With(Section));

        var yaml = FleetDocumentWriter.ToYaml(document);
        var again = FleetSamples.Read(yaml);

        Assert.Contains("compliance:", yaml, StringComparison.Ordinal);
        Assert.Equal(
            document.EffectiveCompliance.Attestations.OrderBy(a => a.Requirement, StringComparer.Ordinal),
            again.EffectiveCompliance.Attestations);
        Assert.Equal(yaml, FleetDocumentWriter.ToYaml(again));
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "requirement: SR 9.9", "compliance.attestations[#0].requirement", "not a requirement or control" },
        { "zone: nowhere", "compliance.attestations[#0].zone", "does not exist at plant 'berlin'" },
        { "plant: atlantis", "compliance.attestations[#0].plant", "does not exist" },
        { "expires: 2026-09-01", "compliance.attestations[#0].expires", "must be after at" },
        { "at: yesterday", "compliance.attestations[#0].at", "ISO 8601" },
        { "colour: blue", "compliance.attestations[#0].colour", "colour" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_attestations_are_reported_on_their_field(string line, string field, string description)
    {
        var key = line.Split(':')[0];
        var lines = new List<string>
        {
            "compliance:",
            "  attestations:",
            "    - requirement: SR 7.5",
            "      plant: berlin",
            "      by: someone",
            "      at: 2026-10-01",
            "      evidence: DOC-1",
        };
        var at = lines.FindIndex(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal) || l.TrimStart().StartsWith("- " + key + ":", StringComparison.Ordinal));
        if (at >= 0)
        {
            lines[at] = lines[at][..lines[at].IndexOf(key, StringComparison.Ordinal)] + line;
        }
        else
        {
            lines.Add("      " + line);
        }

        var violations = Violations(string.Join("\n", lines) + "\n");

        Assert.Contains(violations, v => v.Field.StartsWith(field, StringComparison.Ordinal) && v.Description.Contains(description, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_fields_are_reported_once_each()
    {
        var violations = Violations("compliance:\n  attestations:\n    - requirement: SR 7.5\n      zone: cell-1\n");

        Assert.Single(violations, v => v.Field.StartsWith("compliance.attestations[#0].by", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Field.StartsWith("compliance.attestations[#0].at", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Field.StartsWith("compliance.attestations[#0].evidence", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Field.StartsWith("compliance.attestations[#0].zone", StringComparison.Ordinal) && v.Description.Contains("needs a plant", StringComparison.Ordinal));
    }

    [Fact]
    public void The_diff_lists_attestations_added_changed_and_removed_and_an_absent_section_keeps_them()
    {
        var empty = FleetSamples.Document();
        var with = FleetSamples.Read(With(Section));
        var changedEvidence = with with
        {
            Compliance = new ComplianceSettings(
                [.. with.EffectiveCompliance.Attestations.Take(2), with.EffectiveCompliance.Attestations[2] with { Evidence = "NTP design IT-78" }]),
        };

        var added = FleetDiff.Compute(empty, with, prune: false);
        Assert.Equal(3, added.Count(c => c is { Kind: EntityKind.Attestation, Change: ChangeKind.Added }));
        Assert.Contains(added, c => c.Id == "SR 7.5@berlin at 2026-10-01T00:00:00Z");

        var changed = Assert.Single(FleetDiff.Compute(with, changedEvidence, prune: false));
        Assert.Equal((ChangeKind.Changed, EntityKind.Attestation, "A.8.17@* at 2026-09-15T10:00:00Z"), (changed.Change, changed.Kind, changed.Id));
        Assert.Equal(["evidence"], changed.ChangedFields);

        Assert.Empty(FleetDiff.Compute(with, empty, prune: false));
        Assert.Equal(with.Compliance, FleetDiff.ApplyTo(with, empty, prune: false).Compliance);
        Assert.Equal(3, FleetDiff.Compute(with, empty, prune: true).Count(c => c is { Kind: EntityKind.Attestation, Change: ChangeKind.Removed }));
    }
}
