using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Tests.Policy.Authorization;

/// <summary>
/// The whole authorisation table: every role × every action × the caller's own plant, another plant, and no plant.
/// Each cell reads own/other/none: A allowed, N not found (the plant is outside the caller's scope and stays hidden),
/// D permission denied (the caller may know the plant, or the answer cannot depend on whether it exists).
/// </summary>
public sealed class AuthorizerTests
{
    private static readonly PlantId Own = PlantId.Parse("berlin");
    private static readonly PlantId Other = PlantId.Parse("austin");

    // Without a plant, a plant-scoped action asks "may this role do it anywhere", the gate before the plant is known.
    public static readonly TheoryData<AdminAction, string, string, string, string, string, string, string> Table = new()
    {
        // action                                fleet   plant   auditor approver point   enrollment sensor
        { AdminAction.ReadPlant,                 "AAA", "ANA", "AAA", "ANA", "DND", "DND", "DND" },
        { AdminAction.ChangePlant,               "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ApplyFleet,                "AAA", "ADA", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.PreviewFleet,              "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.Prune,                     "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ChangeIdentities,          "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ReadIdentity,              "AAA", "ANA", "AAA", "ANA", "ANA", "DND", "DND" },
        { AdminAction.LockIdentity,              "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.UnlockIdentity,            "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.EnrollTotp,                "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.AssertMfa,                 "AAA", "ANA", "DDD", "DND", "ANA", "DND", "DND" },
        { AdminAction.ReadAccess,                "AAA", "ANA", "AAA", "ANA", "DND", "DND", "DND" },
        { AdminAction.RequestAccess,             "AAA", "ANA", "DDD", "ANA", "DND", "DND", "DND" },
        { AdminAction.ApproveAccess,             "AAA", "ANA", "DDD", "ANA", "DND", "DND", "DND" },
        { AdminAction.RevokeAccess,              "AAA", "ANA", "DDD", "ANA", "DND", "DND", "DND" },
        { AdminAction.RequestQuarantine,         "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ApproveQuarantine,         "DDD", "DND", "DDD", "ANA", "DND", "DND", "DND" },
        { AdminAction.EnrollPoint,               "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.CompleteEnrollment,        "DDD", "DND", "DDD", "DND", "DND", "ANA", "DND" },
        { AdminAction.RevokePoint,               "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ReportAsPoint,             "DDD", "DND", "DDD", "DND", "ANA", "DND", "DND" },
        { AdminAction.ReadPropagation,           "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadAudit,                 "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadFleetAudit,            "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.Decide,                    "AAA", "ANA", "AAA", "ANA", "ANA", "DND", "DND" },
        { AdminAction.ReadRuleset,               "AAA", "ANA", "AAA", "ANA", "ANA", "DND", "DND" },
        { AdminAction.WatchDeltas,               "AAA", "ANA", "AAA", "ANA", "ANA", "DND", "DND" },
        { AdminAction.RevokeToken,               "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ReadRevocations,           "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.IngestTelemetry,           "DDD", "DND", "DDD", "DND", "ANA", "DND", "ANA" },
        { AdminAction.ReadTelemetry,             "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.SendHeartbeat,             "DDD", "DND", "DDD", "DND", "ANA", "DND", "ANA" },
        { AdminAction.ReadDetections,            "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.TriageDetections,          "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ChangeMonitoringMode,      "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadTrust,                 "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ProposeFlows,              "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadResponse,              "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ActOnResponse,             "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ChangeResponse,            "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ReadPlaybooks,             "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadIncidents,             "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ChangeIncidents,           "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadExport,                "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ReadFleetVersions,         "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.RollbackFleet,             "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ChangeAttestations,        "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ImportAdvisories,          "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ReadVulnerabilities,       "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadCompliance,            "AAA", "ANA", "AAA", "DND", "DND", "DND", "DND" },
        { AdminAction.ReadFleetCompliance,       "AAA", "DDD", "AAA", "DDD", "DDD", "DDD", "DDD" },
        { AdminAction.ChangeComplianceActions,   "AAA", "ANA", "DDD", "DND", "DND", "DND", "DND" },
        { AdminAction.ChangeFleetComplianceActions, "AAA", "DDD", "DDD", "DDD", "DDD", "DDD", "DDD" },
    };

    private static readonly Role[] Roles = [Role.FleetAdmin, Role.PlantAdmin, Role.Auditor, Role.Approver, Role.EnforcementPoint, Role.Enrollment, Role.Sensor];

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_role_at_its_own_plant_another_plant_and_no_plant(
        AdminAction action, string fleetAdmin, string plantAdmin, string auditor, string approver, string point, string enrollment, string sensor)
    {
        string[] expected = [fleetAdmin, plantAdmin, auditor, approver, point, enrollment, sensor];
        for (var i = 0; i < Roles.Length; i++)
        {
            var principal = new Principal($"someone-{Roles[i]}", Roles[i], new HashSet<PlantId> { Own });
            var actual = string.Concat(
                Code(Authorizer.Decide(principal, action, Own)),
                Code(Authorizer.Decide(principal, action, Other)),
                Code(Authorizer.Decide(principal, action)));
            Assert.True(expected[i] == actual, $"{Roles[i]} {action}: expected {expected[i]} (own, other, none), got {actual}");
        }
    }

    [Fact]
    public void The_table_names_every_action_and_the_authorizer_knows_every_action()
    {
        var tested = Table.Select(row => (AdminAction)row[0]).ToHashSet();

        Assert.Equal(Enum.GetValues<AdminAction>().ToHashSet(), tested);
        Assert.Equal(Enum.GetValues<AdminAction>().ToHashSet(), Authorizer.Actions.ToHashSet());
    }

    [Fact]
    public void Nothing_is_allowed_by_default()
    {
        var fleetAdmin = new Principal("root", Role.FleetAdmin, new HashSet<PlantId>());

        Assert.Equal(AuthorizationRefusal.PermissionDenied, Authorizer.Decide(fleetAdmin, (AdminAction)999, Own).Refusal);
        Assert.False(Authorizer.Decide(fleetAdmin with { Role = (Role)999 }, AdminAction.ReadPlant, Own).IsAllowed);
        Assert.False(Authorizer.Decide(fleetAdmin with { Role = (Role)999, Plants = new HashSet<PlantId> { Own } }, AdminAction.ReadPlant, Own).IsAllowed);
    }

    [Fact]
    public void A_refusal_says_which_role_may_not_do_what()
    {
        var auditor = new Principal("eve", Role.Auditor, new HashSet<PlantId>());

        var decision = Authorizer.Decide(auditor, AdminAction.ApplyFleet);

        Assert.Equal("An auditor cannot apply fleet documents.", decision.Reason);
    }

    [Fact]
    public void Something_at_several_plants_is_allowed_at_any_one_of_them_and_hidden_unless_one_is_in_scope()
    {
        var berlinAdmin = new Principal("anna", Role.PlantAdmin, new HashSet<PlantId> { Own });
        var berlinApprover = new Principal("alice", Role.Approver, new HashSet<PlantId> { Own });
        var auditor = new Principal("eve", Role.Auditor, new HashSet<PlantId>());
        var fleetAdmin = new Principal("root", Role.FleetAdmin, new HashSet<PlantId>());
        var lyon = PlantId.Parse("lyon");

        Assert.True(Authorizer.DecideAcross(berlinAdmin, AdminAction.LockIdentity, [Other, Own]).IsAllowed);
        Assert.Equal(AuthorizationRefusal.NotFound, Authorizer.DecideAcross(berlinAdmin, AdminAction.LockIdentity, [Other, lyon]).Refusal);
        Assert.Equal(AuthorizationRefusal.PermissionDenied, Authorizer.DecideAcross(berlinApprover, AdminAction.LockIdentity, [Other, Own]).Refusal);

        // Assigned nowhere: only the fleet-wide roles know it, and then their role decides.
        Assert.Equal(AuthorizationRefusal.NotFound, Authorizer.DecideAcross(berlinAdmin, AdminAction.LockIdentity, []).Refusal);
        Assert.True(Authorizer.DecideAcross(fleetAdmin, AdminAction.LockIdentity, []).IsAllowed);
        Assert.Equal(AuthorizationRefusal.PermissionDenied, Authorizer.DecideAcross(auditor, AdminAction.LockIdentity, []).Refusal);
        Assert.True(Authorizer.DecideAcross(auditor, AdminAction.ReadIdentity, []).IsAllowed);
    }

    [Fact]
    public void Unlocking_or_enrolling_totp_for_someone_at_several_plants_needs_every_one_of_them()
    {
        var berlinAdmin = new Principal("anna", Role.PlantAdmin, new HashSet<PlantId> { Own });
        var bothAdmin = new Principal("ben", Role.PlantAdmin, new HashSet<PlantId> { Own, Other });
        var fleetAdmin = new Principal("root", Role.FleetAdmin, new HashSet<PlantId>());

        foreach (var action in new[] { AdminAction.UnlockIdentity, AdminAction.EnrollTotp })
        {
            // Seen through Berlin, so not hidden; but a lock or a secret that holds at Austin is not Berlin's alone.
            var refused = Authorizer.DecideAcross(berlinAdmin, action, [Own, Other]);
            Assert.Equal(AuthorizationRefusal.PermissionDenied, refused.Refusal);
            Assert.Contains("outside the caller's scope", refused.Reason, StringComparison.Ordinal);

            Assert.True(Authorizer.DecideAcross(berlinAdmin, action, [Own]).IsAllowed);
            Assert.True(Authorizer.DecideAcross(bothAdmin, action, [Own, Other]).IsAllowed);
            Assert.True(Authorizer.DecideAcross(fleetAdmin, action, [Own, Other]).IsAllowed);
            Assert.Equal(AuthorizationRefusal.NotFound, Authorizer.DecideAcross(berlinAdmin, action, [Other]).Refusal);
        }

        // Locking protects every plant: any one of them is enough.
        Assert.True(Authorizer.DecideAcross(berlinAdmin, AdminAction.LockIdentity, [Own, Other]).IsAllowed);
    }

    private static char Code(AuthorizationDecision decision) => decision.Refusal switch
    {
        AuthorizationRefusal.None => 'A',
        AuthorizationRefusal.NotFound => 'N',
        _ => 'D',
    };
}
