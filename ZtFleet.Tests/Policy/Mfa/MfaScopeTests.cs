using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Policy.Mfa;

/// <summary>Where an asserted MFA counts, and which MFA a plant sees.</summary>
public sealed class MfaScopeTests
{
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "berlin,austin", null)]                 // a fleet-wide caller: everywhere
    [InlineData("berlin", "berlin,austin", "berlin")]         // a point of Berlin: Berlin only
    [InlineData("berlin,austin", "austin,berlin", "austin,berlin")]
    [InlineData("austin", "berlin", "")]                      // not assigned where the caller is: nowhere
    [InlineData("berlin", "", "")]
    public void An_assertion_counts_where_the_caller_and_the_assignments_meet(string? caller, string assigned, string? expected)
    {
        var scope = MfaScope.Of(caller is null ? null : Plants(caller).ToHashSet(), Plants(assigned));

        Assert.Equal(expected is null ? null : Plants(expected).ToList(), scope);
    }

    [Theory]
    [InlineData(Role.FleetAdmin, "", null)]                     // a fleet admin: everywhere
    [InlineData(Role.PlantAdmin, "berlin", "berlin")]           // a plant admin of Berlin: Berlin only
    [InlineData(Role.EnforcementPoint, "austin", "austin")]     // a point of Austin: Austin only
    public void A_fleet_admin_asserts_everywhere_and_a_scoped_caller_at_its_plants(Role role, string caller, string? expected)
    {
        var scope = MfaScope.Of(role, Plants(caller).ToHashSet(), Plants("berlin,austin"));

        Assert.Equal(expected is null ? null : Plants(expected).ToList(), scope);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(10, null, 10)]
    [InlineData(null, 20, 20)]
    [InlineData(10, 20, 20)]
    [InlineData(30, 20, 30)]
    public void A_plant_sees_the_newer_of_the_fleet_wide_and_its_own_mfa(int? fleetWide, int? plantOnly, int? expected)
    {
        var seen = MfaScope.AtPlant(Mfa(fleetWide, "oidc:otp"), Mfa(plantOnly, "totp"));

        Assert.Equal(expected is null ? null : T0.AddMinutes(expected.Value), seen?.AuthTime);
    }

    private static MfaState? Mfa(int? minutes, string method) => minutes is null ? null : new MfaState(T0.AddMinutes(minutes.Value), method);

    private static IEnumerable<PlantId> Plants(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(PlantId.Parse);
}
