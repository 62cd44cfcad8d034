using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>
/// The Berlin sample fleet (FleetSamples) as compliance facts, with helpers to add live observations: enforcement
/// points, MFA enrolment, grants, attestations.
/// </summary>
internal static class ComplianceSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public static readonly PlantId Berlin = PlantId.Parse("berlin");

    public static PlantComplianceFacts Facts(string? yaml = null) =>
        PlantComplianceFacts.FromDocument(FleetSamples.Read(yaml ?? FleetSamples.Berlin), FleetSamples.Read(yaml ?? FleetSamples.Berlin).Plants.Single(), 3) with { Epoch = 10 };

    /// <summary>An enforcement point guarding <paramref name="zones"/>, up to date and alive.</summary>
    public static ObservedEnforcementPoint Point(string id, params string[] zones) =>
        new(EnforcementPointId.Parse(id), zones.Select(ZoneId.Parse).ToList(), false, false, 10, Now.AddMinutes(-1), Now.AddMinutes(-1), true, true);

    /// <summary>Every zone guarded by one point, up to date.</summary>
    public static PlantComplianceFacts Guarded(this PlantComplianceFacts facts) =>
        facts with { EnforcementPoints = [Point("gw-all", [.. facts.Plant.Zones.Select(z => z.Id.Value)])] };

    public static PlantComplianceFacts WithMfa(this PlantComplianceFacts facts, params string[] identities) =>
        facts with
        {
            Runtime = [.. facts.Runtime.Where(r => !identities.Contains(r.Id.Value)), .. identities.Select(i => new ObservedIdentity(IdentityId.Parse(i), true, Now.AddHours(-1), false, []))],
        };

    public static PlantComplianceFacts WithGrant(this PlantComplianceFacts facts, string identity, string[] assets, params string[] approvers)
    {
        var grant = new Grant(
            $"g-{identity}", IdentityId.Parse(identity), Berlin, [Operation.Program], [], assets.Select(AssetId.Parse).ToList(),
            Now.AddHours(-1), Now.AddHours(3), $"r-{identity}");
        var observed = new ObservedIdentity(IdentityId.Parse(identity), true, Now.AddMinutes(-5), false, [new ObservedGrant(grant, 2, approvers)]);
        return facts with { Runtime = [.. facts.Runtime.Where(r => r.Id.Value != identity), observed] };
    }

    public static PlantComplianceFacts Attest(this PlantComplianceFacts facts, string requirement, string? zone = null, DateTimeOffset? expires = null) =>
        facts with
        {
            Attestations = [.. facts.Attestations, new ComplianceAttestation(requirement, Berlin, zone is null ? null : ZoneId.Parse(zone), "a.auditor", Now.AddDays(-30), "DOC-17", expires)],
        };

    public static ZoneSpec Zone(this PlantComplianceFacts facts, string id) => facts.Plant.Zones.Single(z => z.Id.Value == id);

    public static RequirementResult Requirement(this PlantComplianceFacts facts, string zone, string requirement) =>
        Iec62443Evaluator.AssessZone(facts, facts.Zone(zone), Now).Requirements.Single(r => r.Id == requirement);

    public static RequirementResult ConduitRequirement(this PlantComplianceFacts facts, string conduit, string requirement) =>
        Iec62443Evaluator.AssessConduits(facts, Now).Single(c => c.Conduit.Value == conduit).Requirements.Single(r => r.Id == requirement);

    public static IEnumerable<ComplianceSubject> Failing(this RequirementResult result) =>
        result.Facts.Where(f => !f.Holds).SelectMany(f => f.Subjects);
}
