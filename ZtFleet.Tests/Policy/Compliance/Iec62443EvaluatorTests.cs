using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;
using static ZtFleet.Tests.Policy.Compliance.ComplianceSamples;

namespace ZtFleet.Tests.Policy.Compliance;

public sealed class Iec62443EvaluatorTests
{
    [Theory]
    [InlineData("SR 1.1", 1)]
    [InlineData("SR 1.1 RE 1", 2)]
    [InlineData("SR 1.1 RE 2", 3)]
    [InlineData("SR 1.1 RE 3", 4)]
    [InlineData("SR 1.13 RE 1", 2)]
    [InlineData("SR 2.1 RE 4", 4)]
    [InlineData("SR 2.6", 2)]
    [InlineData("SR 2.7", 3)]
    [InlineData("SR 2.11 RE 1", 2)]
    [InlineData("SR 3.9", 2)]
    [InlineData("SR 5.2 RE 1", 2)]
    [InlineData("SR 5.2 RE 2", 3)]
    [InlineData("SR 5.2 RE 3", 3)]
    [InlineData("SR 6.2", 2)]
    [InlineData("SR 7.5", 1)]
    [InlineData("SR 7.8", 2)]
    public void Catalogue_states_the_level_at_which_each_requirement_is_first_required(string id, int level)
    {
        Assert.Equal(level, Iec62443Catalogue.Find(id)!.Level);
    }

    [Fact]
    public void Catalogue_ids_are_unique_canonical_and_every_fact_key_evaluates_for_every_zone_and_conduit()
    {
        var all = Iec62443Catalogue.All;
        Assert.Equal(all.Count, all.Select(r => r.Id).Distinct().Count());
        Assert.All(all, r => Assert.Equal(r.Id, ComplianceAttestations.Canonical(r.Id)));
        Assert.All(all, r => Assert.InRange(r.Level, 1, 4));
        Assert.All(Enum.GetValues<FoundationalRequirement>(), fr => Assert.Contains(all, r => r.Fr == fr && r.Level == 1));

        var facts = Facts().Guarded();
        var zones = Iec62443Evaluator.AssessZones(facts, Now);
        Assert.All(zones, z => Assert.Equal(all.Count, z.Requirements.Count));
        Assert.All(Iec62443Evaluator.AssessConduits(facts, Now), c => Assert.Equal(all.Count(r => r.AtConduit), c.Requirements.Count));
    }

    [Theory]
    [InlineData("sr 1.1 re2", "SR 1.1 RE 2")]
    [InlineData("SR1.1(RE 3)", "SR 1.1 RE 3")]
    [InlineData(" SR 7.5 ", "SR 7.5")]
    [InlineData("a.8.17", "A.8.17")]
    [InlineData("physical", "physical")]
    public void Requirement_ids_are_read_in_any_usual_spelling(string written, string canonical)
    {
        Assert.Equal(canonical, ComplianceAttestations.Canonical(written));
    }

    [Fact]
    public void A_zone_without_an_enforcement_point_fails_authorization_enforcement_naming_the_zone()
    {
        var result = Facts().Requirement("cell-1", "SR 2.1");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Zone, "cell-1", Berlin), result.Failing());
        Assert.Equal(RequirementStatus.Met, Facts().Guarded().Requirement("cell-1", "SR 2.1").Status);
    }

    [Fact]
    public void An_enforcement_point_behind_the_plant_epoch_fails_security_functionality_verification()
    {
        var behind = Point("gw-1", "cell-1") with { AcknowledgedEpoch = 7 };
        var facts = Facts() with { EnforcementPoints = [behind] };

        var result = facts.Requirement("cell-1", "SR 3.3");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Equal([new ComplianceSubject(EntityKind.EnforcementPoint, "gw-1", Berlin)], result.Failing());
        Assert.Equal(RequirementStatus.Met, (facts with { EnforcementPoints = [Point("gw-1", "cell-1")] }).Requirement("cell-1", "SR 3.3").Status);
    }

    [Fact]
    public void A_silent_enforcement_point_fails_verification_during_normal_operation()
    {
        var silent = Point("gw-1", "cell-1") with { LastAcknowledgedAt = Now.AddHours(-2), LastHeartbeatAt = Now.AddMinutes(-30) };

        Assert.Equal(RequirementStatus.NotMet, (Facts() with { EnforcementPoints = [silent] }).Requirement("cell-1", "SR 3.3 RE 2").Status);
        Assert.Equal(RequirementStatus.Met, (Facts() with { EnforcementPoints = [Point("gw-1", "cell-1")] }).Requirement("cell-1", "SR 3.3 RE 2").Status);
    }

    [Fact]
    public void A_contractor_with_a_standing_role_that_changes_the_cell_fails_explicit_approval_for_untrusted_access()
    {
        var result = Facts().Requirement("cell-1", "SR 1.13 RE 1");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Identity, "contractor-1"), result.Failing());
        Assert.Contains(new ComplianceSubject(EntityKind.Role, "maintenance"), result.Failing());
    }

    [Fact]
    public void Remote_people_need_mfa_enrolled_and_required_on_every_path_for_sl3_identification()
    {
        // The vendor's standing view needs MFA; the contractor's maintenance view of cell-1 does not.
        var enrolled = Facts().WithMfa("vendor-tech", "contractor-1");
        var result = enrolled.Requirement("cell-1", "SR 1.1 RE 2");
        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Equal([new ComplianceSubject(EntityKind.Role, "maintenance")], result.Failing());

        var fixedRole = FleetSamples.Replace(
            "      - operations: [view]\n        zones: [cell-1, sis]\n",
            "      - operations: [view]\n        zones: [cell-1, sis]\n        conditions:\n          mfaMaxAgeMinutes: 60\n");
        Assert.Equal(RequirementStatus.Met, Facts(fixedRole).WithMfa("vendor-tech", "contractor-1").Requirement("cell-1", "SR 1.1 RE 2").Status);
        Assert.Equal(RequirementStatus.NotMet, Facts(fixedRole).Requirement("cell-1", "SR 1.1 RE 2").Status);
    }

    [Fact]
    public void Dual_approval_applies_to_zones_with_safety_functions_and_needs_the_policy_count_of_approvers()
    {
        var facts = Facts().Guarded();
        Assert.Equal(RequirementStatus.NotApplicable, facts.Requirement("cell-1", "SR 2.1 RE 4").Status);
        Assert.Equal(RequirementStatus.Met, facts.Requirement("sis", "SR 2.1 RE 4").Status);

        var oneApprover = facts.WithGrant("vendor-tech", ["sis-1"], "approver-a");
        var result = oneApprover.Requirement("sis", "SR 2.1 RE 4");
        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Identity, "vendor-tech"), result.Failing());

        Assert.Equal(RequirementStatus.Met, facts.WithGrant("vendor-tech", ["sis-1"], "approver-a", "approver-b").Requirement("sis", "SR 2.1 RE 4").Status);
    }

    [Fact]
    public void A_standing_role_that_changes_safety_functions_fails_dual_approval()
    {
        var withSupervisor = FleetSamples.Replace("roles: [operator]", "roles: [operator, supervisor]");

        var result = Facts(withSupervisor).Guarded().Requirement("sis", "SR 2.1 RE 4");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Contains(new ComplianceSubject(EntityKind.Role, "supervisor"), result.Failing());
    }

    [Theory]
    [InlineData(ZoneFailMode.Closed, RequirementStatus.Met)]
    [InlineData(ZoneFailMode.Static, RequirementStatus.NotMet)]
    public void Fail_close_follows_the_zone_fail_mode(ZoneFailMode mode, RequirementStatus expected)
    {
        var facts = Facts().Guarded();
        var plant = facts.Plant with
        {
            Zones = facts.Plant.Zones.Select(z => z.Id.Value == "cell-1" ? z with { FailMode = mode, FailStaticMinutes = mode == ZoneFailMode.Static ? 30 : null } : z).ToList(),
        };

        Assert.Equal(expected, (facts with { Plant = plant }).Requirement("cell-1", "SR 5.2 RE 3").Status);
    }

    [Fact]
    public void A_conduit_straight_from_enterprise_it_into_site_operations_fails_independence_for_the_zone_and_the_conduit()
    {
        var direct = FleetSamples.Replace(
            "      - id: cell-1-to-sis\n",
            "      - id: erp-to-ops\n        from: ent-it\n        to: site-ops\n        protocol: https\n      - id: cell-1-to-sis\n");
        var facts = Facts(direct).Guarded();

        Assert.Equal(RequirementStatus.NotMet, facts.Requirement("site-ops", "SR 5.1 RE 2").Status);
        Assert.Equal(RequirementStatus.NotApplicable, facts.Requirement("ent-it", "SR 5.1 RE 2").Status);
        Assert.Equal(RequirementStatus.NotMet, facts.ConduitRequirement("erp-to-ops", "SR 5.1 RE 2").Status);
        Assert.Equal(RequirementStatus.Met, facts.Requirement("cell-1", "SR 5.1 RE 2").Status);
        Assert.Equal(RequirementStatus.Met, Facts().Guarded().Requirement("site-ops", "SR 5.1 RE 2").Status);
    }

    [Fact]
    public void Conduit_integrity_is_met_by_https_not_met_by_modbus_and_decided_by_attestation_for_opc_ua()
    {
        var facts = Facts().Guarded();

        Assert.Equal(RequirementStatus.Met, facts.ConduitRequirement("erp-to-dmz", "SR 3.1 RE 1").Status);
        Assert.Equal(RequirementStatus.NotMet, facts.ConduitRequirement("cell-1-to-sis", "SR 3.1 RE 1").Status);
        Assert.Equal(RequirementStatus.NotAttested, facts.ConduitRequirement("mes-to-cell-1", "SR 3.1 RE 1").Status);
        var attested = facts.Attest("SR 3.1 RE 1", "cell-1").ConduitRequirement("mes-to-cell-1", "SR 3.1 RE 1");
        Assert.Equal(RequirementStatus.Attested, attested.Status);
        Assert.Equal("a.auditor", attested.Attestation!.By);
    }

    [Fact]
    public void A_conduit_that_writes_and_downloads_without_conditions_fails_least_functionality()
    {
        var facts = Facts().Guarded();

        var result = facts.ConduitRequirement("ews-to-cell-1", "SR 7.7");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Equal([new ComplianceSubject(EntityKind.Conduit, "ews-to-cell-1", Berlin)], result.Failing());
        Assert.Equal(RequirementStatus.Met, facts.ConduitRequirement("mes-to-cell-1", "SR 7.7").Status);
        Assert.Equal(RequirementStatus.NotMet, facts.Requirement("cell-1", "SR 7.7").Status);
    }

    [Fact]
    public void Components_without_vendor_model_and_firmware_fail_the_inventory_requirement_naming_each()
    {
        var result = Facts().Requirement("cell-1", "SR 7.8");

        Assert.Equal(RequirementStatus.NotMet, result.Status);
        Assert.Equal([new ComplianceSubject(EntityKind.Asset, "hmi-1", Berlin)], result.Failing());
    }

    [Fact]
    public void Unobservable_requirements_are_not_attested_until_an_attestation_in_force_covers_the_zone()
    {
        var facts = Facts().Guarded();
        var none = facts.Requirement("cell-1", "SR 7.5");
        Assert.Equal(RequirementStatus.NotAttested, none.Status);
        Assert.Equal(new ComplianceSubject(EntityKind.Attestation, "SR 7.5@berlin/cell-1", Berlin), Assert.Single(none.Failing()));

        Assert.Equal(RequirementStatus.Attested, facts.Attest("SR 7.5").Requirement("cell-1", "SR 7.5").Status);
        Assert.Equal(RequirementStatus.Attested, facts.Attest("sr 7.5", "cell-1").Requirement("cell-1", "SR 7.5").Status);
        Assert.Equal(RequirementStatus.NotAttested, facts.Attest("SR 7.5", "sis").Requirement("cell-1", "SR 7.5").Status);
        Assert.Equal(RequirementStatus.NotAttested, facts.Attest("SR 7.5", expires: Now).Requirement("cell-1", "SR 7.5").Status);
        Assert.Equal(RequirementStatus.Attested, facts.Attest("SR 7.5", expires: Now.AddDays(1)).Requirement("cell-1", "SR 7.5").Status);
    }

    [Fact]
    public void An_attestation_does_not_override_a_requirement_live_state_shows_unmet()
    {
        var facts = Facts().Attest("SR 2.1", "cell-1");

        Assert.Equal(RequirementStatus.NotMet, facts.Requirement("cell-1", "SR 2.1").Status);
    }

    public static TheoryData<RequirementStatus[], int> AchievedCases => new()
    {
        { [RequirementStatus.Met, RequirementStatus.Met, RequirementStatus.Met, RequirementStatus.Met], 4 },
        { [RequirementStatus.Met, RequirementStatus.NotMet, RequirementStatus.Met, RequirementStatus.Met], 1 },
        { [RequirementStatus.NotAttested, RequirementStatus.Met, RequirementStatus.Met, RequirementStatus.Met], 0 },
        { [RequirementStatus.Attested, RequirementStatus.NotApplicable, RequirementStatus.Met, RequirementStatus.NotMet], 3 },
    };

    [Theory]
    [MemberData(nameof(AchievedCases))]
    public void Achieved_level_is_the_highest_whose_requirements_and_those_below_are_all_satisfied(RequirementStatus[] byLevel, int expected)
    {
        var results = byLevel.Select((status, i) => new RequirementResult($"SR 9.{i}", "t", FoundationalRequirement.UseControl, i + 1, status, [])).ToList();

        var achieved = Iec62443Evaluator.Achieved(results, null);

        Assert.Equal(expected, achieved.Uc);
        Assert.Equal(4, achieved.Iac);
    }

    [Fact]
    public void Gaps_are_unsatisfied_requirements_up_to_the_zone_target_only()
    {
        var zone = Iec62443Evaluator.AssessZone(Facts().Guarded(), Facts().Zone("site-ops"), Now);

        Assert.Equal(SecurityLevelVector.Uniform(2), zone.Target);
        Assert.NotEmpty(zone.Gaps);
        Assert.All(zone.Gaps, g => Assert.True(g.Level <= 2, $"{g.Id} is above the target"));
        Assert.Contains(zone.Requirements, r => r.Level > 2 && r.Status is RequirementStatus.NotMet or RequirementStatus.NotAttested);
    }

    [Fact]
    public void Achieved_vector_reflects_the_failing_requirements_per_fr()
    {
        var facts = Facts().Guarded();
        var attestAll = Iec62443Catalogue.All.Where(r => !r.Observable).Aggregate(facts, (f, r) => f.Attest(r.Id));

        var before = Iec62443Evaluator.AssessZone(facts, facts.Zone("site-ops"), Now);
        var after = Iec62443Evaluator.AssessZone(attestAll, facts.Zone("site-ops"), Now);

        Assert.Equal(0, before.Achieved.Ra);
        Assert.True(after.Achieved.Ra >= 1, $"FR 7 after attesting everything unobservable: {after.Achieved}");
        Assert.True(after.Achieved.Rdf >= before.Achieved.Rdf);
    }
}
