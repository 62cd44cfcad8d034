using ZtFleet.Policy.Authorization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using static ZtFleet.Tests.Policy.Response.IncidentCorrelatorTests;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>Who sees which incident and how much of it; who may assign, comment and close.</summary>
public sealed class IncidentVisibilityTests
{
    private static readonly Incident CrossPlant = IncidentChanges.Assign(
        Assert.Single(Run(
            Detection("berlin-1", Berlin, DetectionType.Lockout, Severity.High, T0, identity: "vendor-acme"),
            Detection("lyon-4", Lyon, DetectionType.OffShiftAccess, Severity.Medium, T0.AddMinutes(25), identity: "vendor-acme"))),
        "alice",
        "alice",
        T0.AddMinutes(30));

    [Theory]
    [InlineData(Role.FleetAdmin)]
    [InlineData(Role.Auditor)]
    public void Fleet_roles_see_a_cross_plant_incident_whole(Role role)
    {
        var view = IncidentVisibility.View(Principal(role), CrossPlant);

        Assert.Same(CrossPlant, view);
    }

    [Fact]
    public void A_plant_admin_sees_only_its_plants_part_of_a_cross_plant_incident()
    {
        var view = IncidentVisibility.View(Principal(Role.PlantAdmin, "lyon"), CrossPlant)!;

        Assert.True(view.Partial);
        Assert.Equal([Lyon], view.Plants);
        Assert.Equal(["lyon-4", CrossPlant.Parts[^1].Reference], view.Parts.Select(p => p.Reference)); // its part and the assignment
        Assert.Equal(Severity.Medium, view.Severity); // no step for plants it cannot see
        Assert.DoesNotContain("berlin", view.Title, StringComparison.Ordinal);
        Assert.Equal(CrossPlant.Id, view.Id);
    }

    [Fact]
    public void A_plant_admin_of_every_plant_of_the_incident_sees_it_whole()
    {
        Assert.Same(CrossPlant, IncidentVisibility.View(Principal(Role.PlantAdmin, "lyon", "berlin"), CrossPlant));
    }

    [Theory]
    [InlineData(Role.PlantAdmin)]
    [InlineData(Role.Approver)]
    public void An_incident_without_a_part_at_the_callers_plants_does_not_exist_for_it(Role role)
    {
        Assert.Null(IncidentVisibility.View(Principal(role, "paris"), CrossPlant));
        Assert.Equal(AuthorizationRefusal.NotFound, IncidentVisibility.DecideChange(Principal(role, "paris"), CrossPlant, wholeIncident: false).Refusal);
    }

    public static readonly TheoryData<Role, string[], bool, AuthorizationRefusal> Changes = new()
    {
        // role, plants, assign or close (else comment), refusal
        { Role.FleetAdmin, [], true, AuthorizationRefusal.None },
        { Role.PlantAdmin, ["lyon"], false, AuthorizationRefusal.None },
        { Role.PlantAdmin, ["lyon"], true, AuthorizationRefusal.PermissionDenied },
        { Role.PlantAdmin, ["lyon", "berlin"], true, AuthorizationRefusal.None },
        { Role.Auditor, [], false, AuthorizationRefusal.PermissionDenied },
        { Role.Approver, ["lyon"], false, AuthorizationRefusal.PermissionDenied },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Assigning_and_closing_a_cross_plant_incident_is_for_whoever_sees_all_of_it(Role role, string[] plants, bool whole, AuthorizationRefusal refusal)
    {
        Assert.Equal(refusal, IncidentVisibility.DecideChange(Principal(role, plants), CrossPlant, whole).Refusal);
    }

    private static Principal Principal(Role role, params string[] plants) =>
        new("someone", role, plants.Select(PlantId.Parse).ToHashSet());
}
