using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using static ZtFleet.Tests.Policy.Access.AccessSamples;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>What the decision cases cannot say in a table: explanations, allocation, undefined values, invariants.</summary>
public sealed class EngineTests
{
    [Fact]
    public void Default_decision_is_not_an_allow()
    {
        Assert.False(default(Decision).IsAllowed);
        Assert.Empty(default(Decision).Facts);
    }

    [Fact]
    public void Lock_beats_an_active_grant_and_a_role()
    {
        var snapshot = Snapshot();
        var ana = Identity(snapshot, "ana");
        var grant = Grant("g-9", "ana", [Operation.View, Operation.Write], ["plc-1"], Night.AddHours(-1), Night.AddHours(1));
        var granted = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, ana with { Grants = [grant], Mfa = new MfaState(Night, "totp") }, IdentityChangeReasons.GrantActivated));
        Assert.True(Engine.Decide(Asset("ana", "plc-1", Operation.Write), granted, Night).IsAllowed);

        var locked = granted.Apply(new IdentityChanged(granted.Epoch + 1, Night, Identity(granted, "ana") with { Locked = true }, IdentityChangeReasons.Locked));

        var decision = Engine.Decide(Asset("ana", "plc-1", Operation.View), locked, Night);
        Assert.False(decision.IsAllowed);
        Assert.Equal(DecisionReasons.IdentityLocked, decision.Reason);
        Assert.Equal(locked.Epoch, decision.Epoch);
    }

    [Fact]
    public void A_step_up_required_by_a_response_step_denies_every_rule_until_a_fresh_mfa()
    {
        var snapshot = Snapshot();
        var ana = Identity(snapshot, "ana");
        var view = Asset("ana", "plc-1", Operation.View);
        Assert.True(Engine.Decide(view, snapshot, Night).IsAllowed);

        var stepped = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, ana with { StepUpRequired = true }, IdentityChangeReasons.StepUp));
        var denied = Engine.Decide(view, stepped, Night);

        Assert.Equal((false, DecisionReasons.MfaRequired, Obligations.StepUpMfa), (denied.IsAllowed, denied.Reason, denied.Obligations));
        var fresh = stepped.Apply(new IdentityChanged(stepped.Epoch + 1, Night, ana with { Mfa = new MfaState(Night, "totp") }, IdentityChangeReasons.Mfa));
        Assert.True(Engine.Decide(view, fresh, Night).IsAllowed);
    }

    [Fact]
    public void A_quarantine_beats_roles_and_grants_and_only_break_glass_goes_past_it()
    {
        var snapshot = Snapshot();
        var ana = Identity(snapshot, "ana");
        var grant = Grant("g-9", "ana", [Operation.View, Operation.Write], ["plc-1"], Night.AddHours(-1), Night.AddHours(1));
        var granted = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, ana with { Grants = [grant], Mfa = new MfaState(Night, "totp") }, IdentityChangeReasons.GrantActivated));
        Assert.True(Engine.Decide(Asset("ana", "plc-1", Operation.Write), granted, Night).IsAllowed);

        var restricted = granted.Apply(new QuarantineChanged(granted.Epoch + 1, Night, [Quarantine("q-1", "plc-1", QuarantineMode.RestrictWrites)]));
        var write = Engine.Decide(Asset("ana", "plc-1", Operation.Write), restricted, Night);
        Assert.Equal((DecisionEffect.Deny, DecisionReasons.Quarantined, "quarantine:q-1"), (write.Effect, write.Reason, write.RuleId));
        Assert.True(Engine.Decide(Asset("ana", "plc-1", Operation.View), restricted, Night).IsAllowed);
        Assert.Equal(DecisionReasons.Quarantined, Engine.Decide(Zone("ana", "cell-1", Operation.Write), restricted, Night).Reason);

        var isolated = restricted.Apply(new QuarantineChanged(restricted.Epoch + 1, Night, [Quarantine("q-2", "plc-1", QuarantineMode.Isolate)]));
        Assert.Equal(DecisionReasons.Quarantined, Engine.Decide(Asset("ana", "plc-1", Operation.View), isolated, Night).Reason);
        Assert.Contains(Engine.Explain(Asset("ana", "plc-1", Operation.View), isolated, Night).Facts, f => f.Contains("isolated", StringComparison.Ordinal));

        // Safety first: a declared emergency on an isolated safety controller is break-glass, recorded.
        var sis = isolated.Apply(new QuarantineChanged(isolated.Epoch + 1, Night, [Quarantine("q-3", "sis-1", QuarantineMode.Isolate)]));
        Assert.Equal(DecisionReasons.Quarantined, Engine.Decide(Asset("ana", "sis-1", Operation.Operate), sis, Night).Reason);
        Assert.Equal(DecisionReasons.BreakGlass, Engine.Decide(Asset("ana", "sis-1", Operation.Operate, emergency: true), sis, Night).Reason);

        var lifted = sis.Apply(new QuarantineChanged(sis.Epoch + 1, Night, []));
        Assert.True(Engine.Decide(Asset("ana", "plc-1", Operation.Write), lifted, Night).IsAllowed);
    }

    [Theory]
    [InlineData((Operation)0)]
    [InlineData((Operation)7)]
    [InlineData((Operation)(-1))]
    [InlineData((Operation)64)]
    public void Unspecified_and_undefined_operations_are_denied(Operation operation)
    {
        var decision = Engine.Decide(Asset("carl", "plc-1", operation), Snapshot(), Night);

        Assert.Equal((DecisionEffect.Deny, DecisionReasons.InvalidOperation), (decision.Effect, decision.Reason));
    }

    [Fact]
    public void A_request_names_exactly_one_target()
    {
        var snapshot = Snapshot();
        var both = new AccessRequest(IdentityId.Parse("carl"), AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"), Operation.View);
        var neither = new AccessRequest(IdentityId.Parse("carl"), null, null, Operation.View);

        Assert.Equal(DecisionReasons.InvalidRequest, Engine.Decide(both, snapshot, Night).Reason);
        Assert.Equal(DecisionReasons.InvalidRequest, Engine.Decide(neither, snapshot, Night).Reason);
    }

    [Fact]
    public void Undefined_enum_values_in_permissions_never_match()
    {
        var fleet = Fleet();
        var odd = new RoleSpec(
            "odd",
            null,
            [
                new PermissionSpec([Operation.View], [], [(ZoneKind)99], [], [], PermissionConditions.None),
                new PermissionSpec([Operation.View], [], [], [(AssetType)35], [], PermissionConditions.None),
                new PermissionSpec([(Operation)33], [], [], [], [], PermissionConditions.None),
            ]);
        var identity = new IdentityAtPlant(IdentityId.Parse("odd-one"), IdentityKind.Employee, ["odd"], null, false, 100, null, []);
        var snapshot = PlantSnapshot.Create(fleet.Plants[0], [.. fleet.DefinedRoles, odd], fleet.EffectivePolicy, [identity], 1);

        foreach (var asset in new[] { "plc-1", "hmi-1", "sis-1", "ews-1" })
        {
            Assert.Equal(DecisionReasons.NoMatchingPermission, Engine.Decide(Asset("odd-one", asset, Operation.View), snapshot, Night).Reason);
        }
    }

    [Fact]
    public void Grants_of_another_plant_or_identity_are_ignored()
    {
        var snapshot = Snapshot();
        var carl = Identity(snapshot, "carl") with { Mfa = new MfaState(Night, "totp") };
        var elsewhere = Grant("g-x", "carl", [Operation.Program], ["plc-1"], Night.AddHours(-1), Night.AddHours(1), plant: "chicago");
        var someoneElse = Grant("g-y", "dora", [Operation.Program], ["plc-1"], Night.AddHours(-1), Night.AddHours(1));
        var updated = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, carl with { Grants = [elsewhere, someoneElse] }, IdentityChangeReasons.GrantActivated));

        Assert.Equal(DecisionReasons.NoMatchingPermission, Engine.Decide(Asset("carl", "plc-1", Operation.Program), updated, Night).Reason);
    }

    [Fact]
    public void Grants_are_tried_before_roles()
    {
        var snapshot = Snapshot();
        var ana = Identity(snapshot, "ana") with { Mfa = new MfaState(Night.AddMinutes(-5), "totp") };
        var grant = Grant("g-view", "ana", [Operation.View], ["plc-1"], Night.AddHours(-1), Night.AddHours(1));
        var updated = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, Night, ana with { Grants = [grant] }, IdentityChangeReasons.GrantActivated));

        Assert.Equal("grant:g-view", Engine.Decide(Asset("ana", "plc-1", Operation.View), updated, Night).RuleId);
    }

    [Fact]
    public void Valid_until_never_passes_the_grant_end_the_shift_end_or_the_ttl()
    {
        var snapshot = Snapshot();
        var ana = Identity(snapshot, "ana");
        var shiftEnd = new DateTimeOffset(2026, 3, 11, 6, 15, 0, Winter);
        for (var minutes = 0; minutes < 8 * 60 + 30; minutes += 7)
        {
            var now = new DateTimeOffset(2026, 3, 10, 22, 0, 0, Winter).AddMinutes(minutes);
            var grantEnd = now.AddMinutes(minutes % 11);
            var grant = Grant("g-t", "ana", [Operation.Write], ["hmi-1"], now.AddHours(-1), grantEnd.AddSeconds(1));
            var updated = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, now, ana with { Grants = [grant], Mfa = new MfaState(now, "totp") }, IdentityChangeReasons.GrantActivated));

            var byGrant = Engine.Decide(Asset("ana", "hmi-1", Operation.Write), updated, now);
            var byShift = Engine.Decide(Asset("ana", "plc-1", Operation.View), updated, now);

            Assert.True(byGrant.IsAllowed);
            Assert.True(byGrant.ValidUntil <= grantEnd.AddSeconds(1) && byGrant.ValidUntil <= now.AddMinutes(5) && byGrant.ValidUntil > now);
            if (byShift.IsAllowed)
            {
                Assert.True(byShift.ValidUntil <= shiftEnd && byShift.ValidUntil <= now.AddMinutes(5) && byShift.ValidUntil > now);
                Assert.Equal(shiftEnd, byShift.SessionEnd);
            }
            else
            {
                Assert.True(now >= shiftEnd);
            }
        }
    }

    [Fact]
    public void Explanation_names_the_identity_the_target_and_every_candidate()
    {
        var decision = Engine.Explain(Asset("ana", "hmi-1", Operation.Write), Snapshot(), Night);

        Assert.Equal(DecisionReasons.MfaRequired, decision.Reason);
        Assert.Contains(decision.Facts, f => f.StartsWith("identity ana (employee) at plant berlin: roles operator; shift night", StringComparison.Ordinal));
        Assert.Contains(decision.Facts, f => f == "target asset hmi-1 (hmi) in zone cell-1 (ot-control), criticality 3");
        Assert.Contains(decision.Facts, f => f == "operation write (dangerous)");
        Assert.Contains(decision.Facts, f => f.StartsWith("role:operator#1 (on shift, MFA within 30 min) does not apply: MFA is 70 min old", StringComparison.Ordinal));
        Assert.Empty(Engine.Decide(Asset("ana", "hmi-1", Operation.Write), Snapshot(), Night).Facts);
    }

    [Fact]
    public void Mfa_from_the_future_beyond_the_clock_skew_is_not_fresh()
    {
        var snapshot = Snapshot();
        var dora = Identity(snapshot, "dora");
        var now = new DateTimeOffset(2026, 3, 10, 10, 0, 0, Winter);

        Decision With(TimeSpan ahead) =>
            Engine.Decide(
                Asset("dora", "plc-1", Operation.Program),
                snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, now, dora with { Mfa = new MfaState(now + ahead, "totp") }, IdentityChangeReasons.Mfa)),
                now);

        Assert.True(With(TimeSpan.FromMinutes(4)).IsAllowed);
        Assert.Equal(DecisionReasons.MfaRequired, With(TimeSpan.FromMinutes(6)).Reason);
    }

    [Fact]
    public void Deciding_allocates_nothing_on_allow_deny_and_step_up()
    {
        var snapshot = Snapshot();
        var allow = Asset("ana", "plc-1", Operation.View);
        var deny = Asset("ben", "plc-1", Operation.View);
        var stepUp = Asset("ana", "hmi-1", Operation.Write);
        var grant = Asset("vic", "ews-1", Operation.RemoteSession);
        var atGrant = new DateTimeOffset(2026, 3, 10, 10, 0, 0, Winter);
        Assert.True(Engine.Decide(allow, snapshot, Night).IsAllowed);
        Assert.Equal(DecisionReasons.OutsideShift, Engine.Decide(deny, snapshot, Night).Reason);
        Assert.Equal(Obligations.StepUpMfa, Engine.Decide(stepUp, snapshot, Night).Obligations);
        Assert.True(Engine.Decide(grant, snapshot, atGrant).IsAllowed);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Engine.Decide(allow, snapshot, Night);
            Engine.Decide(deny, snapshot, Night);
            Engine.Decide(stepUp, snapshot, Night);
            Engine.Decide(grant, snapshot, atGrant);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static AssetQuarantine Quarantine(string id, string asset, QuarantineMode mode) =>
        new(AssetId.Parse(asset), mode, [], id, Night, "test");
}
