using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Monitoring.Trust;

/// <summary>The fleet document's trust: section: read, written back, checked, diffed.</summary>
public sealed class TrustDocumentTests
{
    private const string Section = """
        trust:
          factors:
            mfaFailure: { weight: 8, cap: 24, halfLifeMinutes: 30 }
            quarantine: { weight: 60, cap: 60 }
          severity: { low: 20, medium: 40 }
          unratedVulnerability: medium
          tiers: { trustedAt: 85, reducedAt: 65 }
          hysteresis: { margin: 4, recoverAfterMinutes: 60 }
        plants:
        """;

    [Fact]
    public void A_document_without_the_section_keeps_the_defaults_and_writes_none()
    {
        var document = FleetSamples.Read(FleetSamples.Berlin);

        Assert.Null(document.Trust);
        Assert.Equal(TrustSettings.Default, document.EffectiveTrust);
        Assert.DoesNotContain("trust:", FleetDocumentWriter.ToYaml(document), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_keys_override_the_defaults_and_the_rest_keep_them()
    {
        var trust = FleetSamples.Read(WithSection()).Trust!;

        Assert.Equal(new TrustFactorSettings(8, 24, 30), trust.MfaFailure);
        Assert.Equal(new TrustFactorSettings(60, 60), trust.Quarantine);
        Assert.Equal(TrustSettings.Default.Detection, trust.Detection);
        Assert.Equal(new TrustSeverityScale(20, 40, 75, 100), trust.Severity);
        Assert.Equal(Severity.Medium, trust.UnratedVulnerability);
        Assert.Equal((85, 65, 30), (trust.TrustedAt, trust.ReducedAt, trust.RestrictedAt));
        Assert.Equal((4, 5, 60), (trust.HysteresisMargin, trust.DegradeAfterMinutes, trust.RecoverAfterMinutes));
    }

    [Fact]
    public void The_section_round_trips_through_the_writer()
    {
        var document = FleetSamples.Read(WithSection());

        var written = FleetDocumentWriter.ToYaml(document);
        var again = FleetSamples.Read(written);

        Assert.Equal(document.Trust, again.Trust);
        Assert.Equal(written, FleetDocumentWriter.ToYaml(again));
    }

    public static readonly TheoryData<string, string, string> Violations = new()
    {
        { "trust:\n  tiers: { reducedAt: 90 }\nplants:", "trust.tiers.reducedAt", "not between 2 and 79" },
        { "trust:\n  factors:\n    detection: { weight: 120 }\nplants:", "trust.factors.detection.weight", "not between 0 and 100" },
        { "trust:\n  severity: { low: 60 }\nplants:", "trust.severity.medium", "not between 60 and 100" },
        { "trust:\n  hysteresis: { margin: 25 }\nplants:", "trust.hysteresis.margin", "not between 0 and 19" },
        { "trust:\n  unratedVulnerability: severe\nplants:", "trust.unratedVulnerability", "one of low, medium, high, critical" },
        { "trust:\n  factors:\n    lockouts: { weight: 1 }\nplants:", "trust.factors.lockouts", "lockouts" },
        { "trust:\n  tiers: { trustedAt: high }\nplants:", "trust.tiers.trustedAt", "whole number" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Bad_values_are_violations_at_their_path(string section, string path, string fragment)
    {
        var result = FleetDocumentReader.Read(FleetSamples.Replace("plants:", section));

        // Field reads "path (line n)".
        var violation = Assert.Single(result.Violations, v => v.Field.StartsWith(path + " (line", StringComparison.Ordinal));
        Assert.Contains(fragment, violation.Description, StringComparison.Ordinal);
        Assert.All(result.Violations, v => Assert.StartsWith("trust.", v.Field, StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_section_is_a_policy_change_and_an_absent_one_keeps_the_settings()
    {
        var current = FleetSamples.Read(WithSection());
        var desired = FleetSamples.Read(WithSection().Replace("trustedAt: 85", "trustedAt: 90", StringComparison.Ordinal));

        var change = Assert.Single(FleetDiff.Compute(current, desired, prune: false), c => c.Id == FleetDiff.TrustId);
        Assert.Equal(["tiers"], change.ChangedFields);
        Assert.Equal(90, FleetDiff.ApplyTo(current, desired, prune: false).Trust!.TrustedAt);

        var without = FleetSamples.Read(FleetSamples.Berlin);
        Assert.DoesNotContain(FleetDiff.Compute(current, without, prune: false), c => c.Id == FleetDiff.TrustId);
        Assert.Equal(current.Trust, FleetDiff.ApplyTo(current, without, prune: false).Trust);
        Assert.Null(FleetDiff.ApplyTo(current, without, prune: true).Trust);
    }

    private static string WithSection() => FleetSamples.Replace("plants:", Section.TrimEnd());
}
