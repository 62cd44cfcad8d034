using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iso27001;
using ZtFleet.Policy.Compliance.Maturity;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;
using static ZtFleet.Tests.Policy.Compliance.ComplianceSamples;

namespace ZtFleet.Tests.Policy.Compliance;

public sealed class Iso27001AndMaturityTests
{
    private static ControlResult Control(PlantComplianceFacts facts, string id) =>
        Iso27001Evaluator.Assess([facts], Now).Single(c => c.Id == id);

    [Fact]
    public void Statement_of_applicability_lists_every_catalogue_control_once_with_its_related_requirements()
    {
        var controls = Iso27001Evaluator.Assess([Facts()], Now);

        Assert.Equal(Iso27001Catalogue.All.Select(c => c.Id), controls.Select(c => c.Id));
        Assert.All(controls, c => Assert.True(c.Applicable));
        Assert.Contains("SR 2.8", controls.Single(c => c.Id == "A.8.15").RelatedRequirements);
        Assert.All(
            Iso27001Catalogue.All.SelectMany(c => c.RelatedRequirements),
            r => Assert.NotNull(ZtFleet.Policy.Compliance.Iec62443.Iec62443Catalogue.Find(r)));
    }

    [Fact]
    public void Clock_synchronisation_is_not_implemented_until_attested()
    {
        Assert.Equal(ControlStatus.NotImplemented, Control(Facts(), "A.8.17").Status);

        var attested = Control(Facts().Attest("A.8.17"), "A.8.17");

        Assert.Equal(ControlStatus.Attested, attested.Status);
        Assert.Equal("DOC-17", attested.Attestation!.Evidence);
    }

    public static TheoryData<bool, int, ControlStatus> ChangeManagementCases => new()
    {
        { true, 0, ControlStatus.Implemented },
        { false, 0, ControlStatus.PartiallyImplemented },
        { true, 2, ControlStatus.PartiallyImplemented },
    };

    [Theory]
    [MemberData(nameof(ChangeManagementCases))]
    public void Change_management_needs_versions_a_mandatory_reason_and_reasons_on_recent_versions(bool reasonRequired, int withoutReason, ControlStatus expected)
    {
        var facts = Facts() with
        {
            Policy = Facts().Policy with { RequireChangeReason = reasonRequired },
            Changes = new ObservedChanges(5, 5, Enumerable.Range(1, withoutReason).Select(i => (long)i).ToList()),
        };

        Assert.Equal(expected, Control(facts, "A.8.32").Status);
    }

    [Fact]
    public void Access_control_is_not_implemented_without_enforcement_and_implemented_with_it()
    {
        Assert.Equal(ControlStatus.PartiallyImplemented, Control(Facts(), "A.5.15").Status);
        var guarded = Control(Facts().Guarded(), "A.5.15");
        Assert.Equal(ControlStatus.Implemented, guarded.Status);
    }

    [Fact]
    public void Stage_is_the_highest_whose_criteria_and_those_below_are_met()
    {
        MaturityCriterion C(MaturityStage stage, bool met) => new("c", MaturityPillar.Identity, stage, "s", met, []);

        Assert.Equal(MaturityStage.Traditional, MaturityEvaluator.Stage([C(MaturityStage.Initial, false), C(MaturityStage.Advanced, true)]));
        Assert.Equal(MaturityStage.Initial, MaturityEvaluator.Stage([C(MaturityStage.Initial, true), C(MaturityStage.Advanced, false), C(MaturityStage.Optimal, true)]));
        Assert.Equal(MaturityStage.Optimal, MaturityEvaluator.Stage([C(MaturityStage.Initial, true), C(MaturityStage.Advanced, true), C(MaturityStage.Optimal, true)]));
        Assert.Equal(MaturityStage.Optimal, MaturityEvaluator.Stage([]));
    }

    [Fact]
    public void Every_pillar_and_capability_is_staged_with_its_criteria()
    {
        var maturity = MaturityEvaluator.Assess([Facts()], Now);

        Assert.Equal(Enum.GetValues<MaturityPillar>(), maturity.Select(m => m.Pillar));
        Assert.All(maturity, m => Assert.NotEmpty(m.Criteria));
        Assert.All(maturity, m => Assert.Contains(m.Criteria, c => c.Stage == MaturityStage.Initial));
    }

    [Fact]
    public void Networks_reach_initial_once_every_zone_is_enforced()
    {
        Assert.Equal(MaturityStage.Traditional, MaturityEvaluator.Assess([Facts()], Now).Single(m => m.Pillar == MaturityPillar.Networks).Stage);
        Assert.True(MaturityEvaluator.Assess([Facts().Guarded()], Now).Single(m => m.Pillar == MaturityPillar.Networks).Stage >= MaturityStage.Initial);
    }

    [Fact]
    public void The_fleet_stage_of_a_pillar_is_the_lowest_of_its_plants_and_its_facts_name_the_plant_behind()
    {
        var guarded = Facts().Guarded();
        var other = FleetSamples.Read(FleetSamples.Berlin.Replace("id: berlin", "id: munich", StringComparison.Ordinal).Replace("plant: berlin", "plant: munich", StringComparison.Ordinal));
        var munich = PlantComplianceFacts.FromDocument(other, other.Plants.Single(), 3);

        var fleet = MaturityEvaluator.Assess([guarded, munich], Now).Single(m => m.Pillar == MaturityPillar.Networks);
        var alone = MaturityEvaluator.Assess([guarded], Now).Single(m => m.Pillar == MaturityPillar.Networks);

        Assert.True(alone.Stage >= MaturityStage.Initial);
        Assert.Equal(MaturityStage.Traditional, fleet.Stage);
        var enforced = fleet.Criteria.Single(c => c.Id == "networks.enforced");
        Assert.False(enforced.Met);
        Assert.Contains(enforced.Facts.Where(f => !f.Holds).SelectMany(f => f.Subjects), s => s.Plant == PlantId.Parse("munich"));
    }

    [Fact]
    public void A_fleet_assessment_holds_every_zone_and_conduit_of_every_plant()
    {
        var facts = Facts().Guarded();

        var assessment = ComplianceEvaluator.Assess("a-1", null, [facts], 3, Now);

        Assert.Null(assessment.Plant);
        Assert.Equal(facts.Plant.Zones.Count, assessment.Zones.Count);
        Assert.Equal(facts.Plant.Conduits.Count, assessment.Conduits.Count);
        Assert.Equal(Now, assessment.At);
        Assert.Equal(3, assessment.FleetVersion);
        Assert.Throws<ArgumentException>(() => ComplianceEvaluator.Assess("a-2", PlantId.Parse("munich"), [facts], 3, Now));
    }
}
