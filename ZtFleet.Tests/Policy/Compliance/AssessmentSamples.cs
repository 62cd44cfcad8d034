using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Vulnerabilities;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>
/// Hand-built assessments of plant berlin of <see cref="TestFleets.TwoPlants"/> (the evaluators are tested on their
/// own): zone cell-1 (SL-T 2) and safety (SL-T 3), conduit mes-to-cell-1, three Annex A controls and two maturity
/// pillars, with the gaps each switch leaves open.
/// </summary>
public static class AssessmentSamples
{
    public static readonly PlantId Berlin = PlantId.Parse("berlin");
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<FleetDocument> Fleet = new(() => FleetDocumentReader.Read(TestFleets.TwoPlants).Document!);

    /// <summary>
    /// An assessment of berlin. <paramref name="mfa"/>: every human reaching the OT zones enrols MFA (closes SR 1.1 RE 1
    /// in cell-1 and safety, A.8.5, Advanced identity). <paramref name="boundary"/>: conduit mes-to-cell-1 passes an
    /// enforcement point (SR 5.2, Initial networks). <paramref name="jumpHost"/>: remote access goes through the jump
    /// host (with MFA it closes SR 1.13 in cell-1). <paramref name="attested"/>: SR 7.5 is attested.
    /// </summary>
    public static ComplianceAssessment Assessment(
        DateTimeOffset at, string id = "asm-1", bool mfa = false, bool boundary = false, bool jumpHost = false, bool attested = false, PlantId? plant = null)
    {
        var mfaFact = new ComplianceFact(
            "identities.mfa",
            mfa ? "Every human who can reach the zone enrols MFA" : "2 of 3 humans who can reach the zone do not enrol MFA",
            mfa,
            mfa ? [] : [new ComplianceSubject(EntityKind.Identity, "jdoe"), new ComplianceSubject(EntityKind.Identity, "vendor-tech")]);
        var jumpFact = new ComplianceFact(
            "remote.jump-host", jumpHost ? "Remote sessions pass jump-1" : "Remote sessions bypass jump host jump-1", jumpHost,
            jumpHost ? [] : [new ComplianceSubject(EntityKind.Asset, "jump-1", Berlin)]);
        var boundaryFact = new ComplianceFact(
            "conduit.enforcement-point", boundary ? "Conduit mes-to-cell-1 passes an enforcement point" : "Conduit mes-to-cell-1 has no enforcement point", boundary,
            boundary ? [] : [new ComplianceSubject(EntityKind.Conduit, "mes-to-cell-1", Berlin)]);
        var attestation = attested ? new ComplianceAttestation("SR 7.5", Berlin, ZoneId.Parse("cell-1"), "plant-engineer", T0, "DOC-UPS-2026", at.AddDays(365)) : null;

        var cell = new List<RequirementResult>
        {
            Req("SR 1.1", "Human user identification and authentication", FoundationalRequirement.IdentificationAndAuthentication, 1, true, [new ComplianceFact("identities.unique", "Every human has an identity of their own", true, [])]),
            Req("SR 1.1 RE 1", "Unique identification and authentication", FoundationalRequirement.IdentificationAndAuthentication, 2, mfa, [mfaFact]),
            Req("SR 1.13", "Access via untrusted networks", FoundationalRequirement.IdentificationAndAuthentication, 3, mfa && jumpHost, [mfaFact, jumpFact]),
            Req("SR 5.1", "Network segmentation", FoundationalRequirement.RestrictedDataFlow, 1, true, [new ComplianceFact("zones.segmented", "Cell-1 is a zone of its own", true, [])]),
            new RequirementResult("SR 7.5", "Emergency power", FoundationalRequirement.ResourceAvailability, 1, attested ? RequirementStatus.Attested : RequirementStatus.NotAttested, [], attestation),
            new RequirementResult("SR 3.9", "Protection of audit information", FoundationalRequirement.SystemIntegrity, 3, RequirementStatus.NotApplicable, []),
        };
        var safety = new List<RequirementResult>
        {
            Req("SR 1.1", "Human user identification and authentication", FoundationalRequirement.IdentificationAndAuthentication, 1, true, []),
            Req("SR 1.1 RE 1", "Unique identification and authentication", FoundationalRequirement.IdentificationAndAuthentication, 2, mfa, [mfaFact]),
        };
        var conduit = new List<RequirementResult>
        {
            Req("SR 5.2", "Zone boundary protection", FoundationalRequirement.RestrictedDataFlow, 1, boundary, [boundaryFact]),
        };

        return new ComplianceAssessment(
            id,
            plant ?? Berlin,
            at,
            3,
            [
                new ZoneAssessment(Berlin, ZoneId.Parse("cell-1"), "Press cell 1", SecurityLevelVector.Uniform(2),
                    new SecurityLevelVector(mfa ? (jumpHost ? 3 : 2) : 1, 2, 2, 2, 2, 2, attested ? 1 : 0), cell),
                new ZoneAssessment(Berlin, ZoneId.Parse("safety"), "Safety system", SecurityLevelVector.Uniform(3),
                    new SecurityLevelVector(mfa ? 2 : 1, 3, 3, 3, 3, 3, 3), safety),
            ],
            [
                new ConduitAssessment(Berlin, ConduitId.Parse("mes-to-cell-1"), ZoneId.Parse("site-ops"), ZoneId.Parse("cell-1"), SecurityLevelVector.Uniform(2),
                    new SecurityLevelVector(2, 2, 2, 2, boundary ? 1 : 0, 2, 2), conduit),
            ],
            [
                new ControlResult("A.5.15", "Access control", true, ControlStatus.Implemented, "Roles and conditions decide every access", [], ["SR 2.1"]),
                new ControlResult("A.8.5", "Secure authentication", true, mfa ? ControlStatus.Implemented : ControlStatus.PartiallyImplemented, "MFA for humans reaching OT", [mfaFact], ["SR 1.1 RE 1"]),
                new ControlResult("A.7.1", "Physical security perimeters", false, ControlStatus.NotApplicable, "Outside ZtFleet's scope; the site's ISMS covers it", [], []),
            ],
            [
                new PillarMaturity(MaturityPillar.Identity, mfa ? MaturityStage.Advanced : MaturityStage.Initial,
                [
                    new MaturityCriterion("identity.unique-ids", MaturityPillar.Identity, MaturityStage.Initial, "Every human has an identity of their own", true, []),
                    new MaturityCriterion("identity.phishing-resistant-mfa", MaturityPillar.Identity, MaturityStage.Advanced, "Humans authenticate with MFA", mfa, [mfaFact]),
                ]),
                new PillarMaturity(MaturityPillar.Networks, boundary ? MaturityStage.Initial : MaturityStage.Traditional,
                [
                    new MaturityCriterion("networks.micro-segmentation", MaturityPillar.Networks, MaturityStage.Initial, "Conduits pass enforcement points", boundary, [boundaryFact]),
                ]),
            ]);
    }

    /// <summary>Berlin's definition and identities as risk input, with <paramref name="vulnerabilities"/>.</summary>
    public static PlanRiskInput Risk(params KnownVulnerability[] vulnerabilities) =>
        new(Fleet.Value.Plants.Single(p => p.Id == Berlin), Fleet.Value.Identities, vulnerabilities);

    /// <summary>A known vulnerability of a berlin asset.</summary>
    public static KnownVulnerability Vulnerability(string asset, string cve, double? cvss = 9.8) =>
        new(Berlin, AssetId.Parse(asset), cve, "SSA-2026-01", "Siemens", cvss, "S7-1500", "Update the firmware", T0);

    private static RequirementResult Req(string id, string title, FoundationalRequirement fr, int level, bool met, IReadOnlyList<ComplianceFact> facts) =>
        new(id, title, fr, level, met ? RequirementStatus.Met : RequirementStatus.NotMet, facts);
}
