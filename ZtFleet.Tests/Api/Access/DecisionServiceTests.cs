using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Access;

/// <summary>Decisions through the real DecisionService, decided from the API's plant view, on a fake clock.</summary>
public sealed class DecisionServiceTests : IAsyncLifetime
{
    /// <summary>Thursday 26 November 2026, 22:30 in Berlin (UTC+1): inside the night shift (22:00-06:00).</summary>
    private static readonly DateTimeOffset NightShift = new(2026, 11, 26, 21, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(NightShift);
    private readonly ApiServer _server;

    public DecisionServiceTests() => _server = new ApiServer(_time);

    private DecisionService.DecisionServiceClient Decisions => new(_server.Channel);

    private AccessService.AccessServiceClient Access => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_operator_on_the_night_shift_operates_until_the_shift_and_its_grace_end()
    {
        var during = await CheckAsync("jdoe", "plc-1", Operation.Operate);
        Assert.True(during.Allow, during.Reason);
        // The decision may be cached until the shift ends (06:00 Berlin = 05:00 UTC) plus 15 minutes of grace, no longer.
        Assert.True(during.ValidUntil.ToDateTimeOffset() <= new DateTimeOffset(2026, 11, 27, 5, 15, 0, TimeSpan.Zero));

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 5, 10, 0, TimeSpan.Zero));
        Assert.True((await CheckAsync("jdoe", "plc-1", Operation.Operate)).Allow);

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 5, 16, 0, TimeSpan.Zero));
        var after = await CheckAsync("jdoe", "plc-1", Operation.Operate);
        Assert.False(after.Allow);
        Assert.Equal("outside-shift", after.Reason);
    }

    [Fact]
    public async Task A_vendor_grant_needs_fresh_mfa_and_too_old_mfa_asks_for_a_step_up()
    {
        await GrantVendorProgramAccessAsync("req-mfa");
        _time.Advance(TimeSpan.FromMinutes(5));
        var epochs = await AssertTotpAsync("vendor-tech");

        var fresh = await CheckAsync("vendor-tech", "plc-1", Operation.Program, epochs.Single(e => e.PlantId == "berlin").Epoch);
        Assert.True(fresh.Allow, fresh.Reason);
        Assert.StartsWith("grant:", fresh.RuleId, StringComparison.Ordinal);
        // Cached no longer than the MFA stays fresh enough for the grant (60 minutes) nor past the grant's end.
        Assert.True(fresh.ValidUntil.ToDateTimeOffset() <= _time.GetUtcNow().AddMinutes(60));

        _time.Advance(TimeSpan.FromMinutes(90));
        var stale = await CheckAsync("vendor-tech", "plc-1", Operation.Program);
        Assert.False(stale.Allow);
        Assert.Equal("mfa-required", stale.Reason);
        Assert.True(stale.Obligations.StepUpMfa);
        Assert.Equal(60, stale.Obligations.MfaMaxAgeMinutes);
    }

    [Fact]
    public async Task After_a_revocation_a_check_at_its_epoch_is_never_allowed()
    {
        await GrantVendorProgramAccessAsync("req-revoke");
        var mfa = await AssertTotpAsync("vendor-tech");
        Assert.True((await CheckAsync("vendor-tech", "plc-1", Operation.Program, mfa.Max(e => e.Epoch))).Allow);

        var revoked = await Access.RevokeAccessAsync(new RevokeAccessRequest { RequestId = "req-revoke", Reason = "done" }, _server.As(Role.FleetAdmin));
        var epoch = revoked.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        var decision = await CheckAsync("vendor-tech", "plc-1", Operation.Program, epoch);
        Assert.False(decision.Allow);
        Assert.True(decision.Epoch >= epoch);
    }

    [Fact]
    public async Task A_locked_identity_is_denied_at_every_plant()
    {
        var locked = await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "credential leak" }, _server.As(Role.FleetAdmin));

        foreach (var (plant, asset) in new[] { ("berlin", "plc-1"), ("austin", "plc-a1") })
        {
            var decision = await Decisions.CheckAsync(
                new CheckRequest { PlantId = plant, IdentityId = "vendor-tech", AssetId = asset, Operation = Operation.View, AtLeastEpoch = locked.Epochs.Single(e => e.PlantId == plant).Epoch },
                _server.As(Role.FleetAdmin));
            Assert.False(decision.Decision.Allow);
            Assert.Equal("identity-locked", decision.Decision.Reason);
        }
    }

    [Fact]
    public async Task A_batch_is_answered_in_order_and_a_bad_entry_refuses_the_whole_batch()
    {
        var batch = new BatchCheckRequest
        {
            PlantId = "berlin",
            Checks =
            {
                new CheckRequest { IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.Operate },
                new CheckRequest { IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.Program },
                new CheckRequest { IdentityId = "nobody", ZoneId = "cell-1", Operation = Operation.View },
            },
        };

        var response = await Decisions.BatchCheckAsync(batch, _server.As(Role.FleetAdmin));

        Assert.Equal([true, false, false], response.Decisions.Select(d => d.Allow));
        Assert.Equal("unknown-identity", response.Decisions[2].Reason);

        batch.Checks.Add(new CheckRequest { IdentityId = "jdoe", AssetId = "plc-1" });
        var bad = await Assert.ThrowsAsync<RpcException>(() => Decisions.BatchCheckAsync(batch, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("checks[3].operation", bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_check_with_two_targets_or_no_operation_is_invalid()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", ZoneId = "cell-1" }, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(2, ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Count);
    }

    private async Task<Decision> CheckAsync(string identity, string asset, Operation operation, long atLeastEpoch = 0) =>
        (await Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = identity, AssetId = asset, Operation = operation, AtLeastEpoch = atLeastEpoch },
            _server.As(Role.FleetAdmin))).Decision;

    private async Task GrantVendorProgramAccessAsync(string requestId)
    {
        var now = _time.GetUtcNow();
        await Access.RequestAccessAsync(
            new RequestAccessRequest
            {
                RequestId = requestId,
                IdentityId = "vendor-tech",
                PlantId = "berlin",
                Operations = { Operation.Program },
                AssetIds = { "plc-1" },
                NotBefore = Timestamp.FromDateTimeOffset(now),
                NotAfter = Timestamp.FromDateTimeOffset(now.AddHours(4)),
                Justification = "firmware update",
                WorkOrder = "WO-1",
            },
            _server.AsSubject("planner", Role.PlantAdmin, "berlin"));
        await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = requestId }, _server.AsSubject("alice", Role.Approver, "berlin"));
    }

    private async Task<IReadOnlyList<PlantEpoch>> AssertTotpAsync(string identity)
    {
        var enrollment = await Access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = identity }, _server.As(Role.FleetAdmin));
        var secret = OtpNet.Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(enrollment.OtpauthUri).Query)["secret"]!);
        var code = new OtpNet.Totp(secret).ComputeTotp(_time.GetUtcNow().UtcDateTime);
        return (await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = identity, TotpCode = code }, _server.As(Role.FleetAdmin))).Epochs;
    }
}
