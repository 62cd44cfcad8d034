using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Grains.Compliance;

/// <summary>
/// The assessor on the demo fleet: gaps an assessor would report (unguarded zones, a high-severity vulnerability,
/// unattested emergency power), requirements met by what ZtFleet holds, and attestations and an enrolled enforcement
/// point changing the results. One ordered scenario: each step builds on the cluster state of the last.
/// </summary>
public sealed class ComplianceAssessorTests(ComplianceClusterFixture fixture) : IClassFixture<ComplianceClusterFixture>
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly PlantId Chicago = PlantId.Parse("chicago");

    private static FleetDocument Demo() =>
        FleetDocuments.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo", "fleet.yaml")));

    private static RequirementResult Requirement(ComplianceAssessment assessment, PlantId plant, string zone, string id) =>
        assessment.Zones.Single(z => z.Plant == plant && z.Zone.Value == zone).Requirements.Single(r => r.Id == id);

    [Fact]
    public async Task Demo_fleet_assessment_shows_real_gaps_met_requirements_and_changes_with_enforcement_and_attestations()
    {
        var fleet = fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);
        var demo = Demo();
        var applied = await fleet.ApplyAsync(demo with { Compliance = new ComplianceSettings([]) }, FleetDocuments.Options() with { Reason = "demo" });
        Assert.Empty(applied.Violations);

        var before = await fixture.Assessor.AssessAsync(Berlin);

        Assert.Equal(Berlin, before.Plant);
        Assert.Equal(demo.Plants.Single(p => p.Id == Berlin).Zones.Count, before.Zones.Count);
        Assert.All(before.Zones, z => Assert.Equal(Berlin, z.Plant));

        // Gaps: nothing guards the zones yet, emergency power is not attested, a critical CVE is open on the press PLC.
        var unguarded = Requirement(before, Berlin, "press-1", "SR 2.1");
        Assert.Equal(RequirementStatus.NotMet, unguarded.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Zone, "press-1", Berlin), unguarded.Facts.Where(f => !f.Holds).SelectMany(f => f.Subjects));
        Assert.Equal(RequirementStatus.NotAttested, Requirement(before, Berlin, "press-1", "SR 7.5").Status);
        Assert.Contains(before.Zones.Single(z => z.Zone.Value == "press-1").Gaps, g => g.Id == "SR 2.1");
        var vulnerabilities = before.Controls.Single(c => c.Id == "A.8.8");
        Assert.NotEqual(ControlStatus.Implemented, vulnerabilities.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Asset, "plc-p1", Berlin), vulnerabilities.Facts.Where(f => !f.Holds).SelectMany(f => f.Subjects));
        Assert.Equal(0, before.Zones.Single(z => z.Zone.Value == "press-1").Achieved.Uc);

        // Met from what ZtFleet holds: accounts are managed in the versioned fleet document.
        Assert.Equal(RequirementStatus.Met, Requirement(before, Berlin, "press-1", "SR 1.3 RE 1").Status);
        Assert.Equal(ControlStatus.Implemented, before.Controls.Single(c => c.Id == "A.5.16").Status);

        // An enforcement point enrolled at press-1 guards it: authorization enforcement is met there, not elsewhere.
        await fixture.Grains.GetGrain<IEnforcementPointGrain>("gw-press-1").EnrollAsync(
            new EnforcementPointRegistration(Berlin, [ZoneId.Parse("press-1")], "press-1 gateway", "token-1", "test"));
        var guarded = await fixture.Assessor.AssessAsync(Berlin);
        Assert.Equal(RequirementStatus.Met, Requirement(guarded, Berlin, "press-1", "SR 2.1").Status);
        Assert.Equal(RequirementStatus.NotMet, Requirement(guarded, Berlin, "press-2", "SR 2.1").Status);

        // The demo's attestations (emergency power at Berlin) turn SR 7.5 attested there, and only there.
        await fleet.ApplyAsync(demo, FleetDocuments.Options() with { Reason = "attestations" });
        var attested = await fixture.Assessor.AssessAsync(null);
        var power = Requirement(attested, Berlin, "press-1", "SR 7.5");
        Assert.Equal(RequirementStatus.Attested, power.Status);
        Assert.Equal("facility.manager@acme.example", power.Attestation!.By);
        Assert.Equal(RequirementStatus.NotAttested, Requirement(attested, Chicago, "body-weld", "SR 7.5").Status);
        Assert.Equal(ControlStatus.Attested, attested.Controls.Single(c => c.Id == "A.8.17").Status);
        Assert.Null(attested.Plant);
        Assert.Equal(demo.Plants.Sum(p => p.Zones.Count), attested.Zones.Count);
        Assert.Equal(demo.Plants.Sum(p => p.Conduits.Count), attested.Conduits.Count);
        Assert.Equal(Enum.GetValues<MaturityPillar>().Length, attested.Maturity.Count);
    }

    [Fact]
    public async Task Assessing_an_unknown_plant_is_refused_as_not_found()
    {
        await Assert.ThrowsAsync<ZtFleet.Grains.Refusals.NotFoundException>(() => fixture.Assessor.AssessAsync(PlantId.Parse("atlantis")));
    }
}
