using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Comparison;
using static ZtFleet.Tests.Policy.Compliance.AssessmentSamples;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>Two assessments: what improved, what regressed, and since when the later value holds over the stored series.</summary>
public sealed class ComplianceComparerTests
{
    [Fact]
    public void Enrolling_mfa_improves_levels_requirements_the_control_and_the_identity_stage()
    {
        var before = Assessment(T0, "asm-1");
        var after = Assessment(T0.AddDays(1), "asm-2", mfa: true);

        var comparison = ComplianceComparer.Compare(before, after, []);

        Assert.Empty(comparison.Regressed);
        var improved = comparison.Improved.ToDictionary(c => c.Key, c => (c.Before, c.After));
        Assert.Equal(("1", "2"), improved["sl/berlin/cell-1/fr1"]);
        Assert.Equal(("1", "2"), improved["sl/berlin/safety/fr1"]);
        Assert.Equal(("NotMet", "Met"), improved["req/berlin/cell-1/SR 1.1 RE 1"]);
        Assert.Equal(("NotMet", "Met"), improved["req/berlin/safety/SR 1.1 RE 1"]);
        Assert.Equal(("PartiallyImplemented", "Implemented"), improved["ctl/A.8.5"]);
        Assert.Equal(("Initial", "Advanced"), improved["mat/Identity"]);
        Assert.Equal(6, comparison.Improved.Count);
        Assert.Equal(("asm-1", "asm-2"), (comparison.FromId, comparison.ToId));
        Assert.All(comparison.Improved, c => Assert.Equal(("asm-2", T0.AddDays(1)), (c.SinceAssessment, c.Since)));
    }

    [Fact]
    public void A_regression_is_dated_from_the_first_assessment_of_the_run_that_holds_it()
    {
        // Day 0 and 1 with MFA; day 2 to 4 without: the regression began on day 2, not on day 4.
        var days = new[] { true, true, false, false, false }
            .Select((mfa, day) => Assessment(T0.AddDays(day), $"asm-{day}", mfa: mfa))
            .ToList();
        var series = days.Select(a => new ComplianceStatePoint(a.Id, a.At, ComplianceItem.StateOf(a))).Reverse().ToList();

        var comparison = ComplianceComparer.Compare(days[0], days[4], series);

        Assert.Empty(comparison.Improved);
        var regression = Assert.Single(comparison.Regressed, c => c.Key == "sl/berlin/safety/fr1");
        Assert.Equal(("2", "1", ChangeDirection.Regressed), (regression.Before, regression.After, regression.Direction));
        Assert.Equal(("asm-2", T0.AddDays(2), false), (regression.SinceAssessment, regression.Since, regression.SinceIsLowerBound));
    }

    [Fact]
    public void A_value_held_through_the_whole_series_read_is_a_lower_bound()
    {
        var series = Enumerable.Range(0, 3)
            .Select(day => Assessment(T0.AddDays(day), $"asm-{day}", mfa: true))
            .Select(a => new ComplianceStatePoint(a.Id, a.At, ComplianceItem.StateOf(a)))
            .ToList();

        var (at, id, lowerBound) = ComplianceComparer.Since(series, "sl/berlin/cell-1/fr1", "2");

        Assert.Equal((T0, "asm-0", true), (at, id, lowerBound));
    }

    [Fact]
    public void Items_present_in_one_assessment_only_are_counted_not_ranked()
    {
        var before = Assessment(T0, "asm-1");
        var after = Assessment(T0.AddDays(1), "asm-2") with { Conduits = [] };

        var comparison = ComplianceComparer.Compare(before, after, []);

        // The conduit's seven levels and its one requirement.
        Assert.Equal(8, comparison.Removed);
        Assert.Equal(0, comparison.Added);
        Assert.Empty(comparison.Improved);
        Assert.Empty(comparison.Regressed);
    }

    [Theory]
    [InlineData(ComplianceItemKind.ZoneRequirement, "Attested", 2)]
    [InlineData(ComplianceItemKind.ZoneRequirement, "NotAttested", 0)]
    [InlineData(ComplianceItemKind.Control, "PartiallyImplemented", 1)]
    [InlineData(ComplianceItemKind.Maturity, "Optimal", 4)]
    [InlineData(ComplianceItemKind.ZoneLevel, "3", 3)]
    [InlineData(ComplianceItemKind.ZoneLevel, "x", null)]
    public void Values_rank_as_documented(ComplianceItemKind kind, string value, int? rank) =>
        Assert.Equal(rank, ComplianceItem.RankOf(kind, value));

    [Fact]
    public void Not_applicable_items_are_not_compared_and_the_summary_counts_gaps()
    {
        var assessment = Assessment(T0);

        var keys = ComplianceItem.Flatten(assessment).Select(i => i.Key).ToList();
        var summary = ComplianceSummary.Of(assessment);

        Assert.DoesNotContain("req/berlin/cell-1/SR 3.9", keys);
        Assert.DoesNotContain("ctl/A.7.1", keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        // cell-1: SR 1.1 RE 1, SR 1.13, SR 7.5; safety: SR 1.1 RE 1; the conduit: SR 5.2.
        Assert.Equal((2, 0, 5, 2, 1), (summary.Zones, summary.ZonesAtTarget, summary.RequirementsFailing, summary.ControlsApplicable, summary.ControlsImplemented));
        Assert.Equal(MaturityStage.Traditional, summary.Maturity[MaturityPillar.Networks]);
    }
}
