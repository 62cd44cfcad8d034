using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Errors;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;
using V1AccessRequest = ZtFleet.Api.V1.AccessRequest;

namespace ZtFleet.Tests.Api.Access;

/// <summary>Temporary access, locks and MFA through the real AccessService, on a fake clock.</summary>
public sealed class AccessServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public AccessServiceTests() => _server = new ApiServer(_time);

    private AccessService.AccessServiceClient Access => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_vendor_on_a_safety_controller_needs_two_distinct_approvers()
    {
        var request = await Access.RequestAccessAsync(VendorRequest("req-safety", "sis-1"), As("planner", Role.PlantAdmin));
        Assert.Equal(AccessRequestStatus.Requested, request.Status);
        Assert.Equal(2, request.RequiredApprovals);

        var first = await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-safety" }, As("alice", Role.Approver));
        Assert.Equal(AccessRequestStatus.Requested, first.Status);

        // Approving twice is a state the workflow does not allow, not a bad argument.
        var again = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-safety" }, As("alice", Role.Approver)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("already approved", again.Status.Detail, StringComparison.Ordinal);

        var second = await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-safety" }, As("bob", Role.Approver));
        Assert.Equal(AccessRequestStatus.Active, second.Status);
        Assert.Equal(["alice", "bob"], second.ApprovedBy);
        Assert.Contains(second.Epochs, e => e.PlantId == "berlin" && e.Epoch > 0);
    }

    [Fact]
    public async Task A_plc_needs_one_approver()
    {
        var request = await Access.RequestAccessAsync(VendorRequest("req-plc", "plc-1"), As("planner", Role.PlantAdmin));
        Assert.Equal(1, request.RequiredApprovals);

        var approved = await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-plc" }, As("alice", Role.Approver));

        Assert.Equal(AccessRequestStatus.Active, approved.Status);
    }

    [Fact]
    public async Task Nobody_approves_their_own_request()
    {
        await Access.RequestAccessAsync(VendorRequest("req-own", "plc-1"), As("alice", Role.Approver));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-own" }, As("alice", Role.Approver)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("Nobody approves a request they made", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((ApiErrors.Domain, nameof(ErrorReason.RoleNotAllowed)), (ex.GetRpcStatus()!.GetDetail<ErrorInfo>().Domain, ex.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        var unchanged = await Access.GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-own" }, As("alice", Role.Approver));
        Assert.Equal(AccessRequestStatus.Requested, unchanged.Status);
    }

    [Fact]
    public async Task An_approver_of_another_plant_cannot_approve()
    {
        await Access.RequestAccessAsync(VendorRequest("req-scope", "plc-1"), As("planner", Role.PlantAdmin));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(
            new ApproveAccessRequest { RequestId = "req-scope" }, _server.As(Role.Approver, "austin")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task A_plant_admin_of_another_plant_learns_nothing_of_a_request_it_would_approve()
    {
        await Access.RequestAccessAsync(VendorRequest("req-elsewhere", "plc-1"), As("planner", Role.PlantAdmin));

        var approve = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(
            new ApproveAccessRequest { RequestId = "req-elsewhere" }, _server.AsSubject("austin-admin", Role.PlantAdmin, "austin")).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(
            new ApproveAccessRequest { RequestId = "req-nowhere" }, _server.AsSubject("austin-admin", Role.PlantAdmin, "austin")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, approve.StatusCode);
        Assert.Equal(unknown.Status.Detail.Replace("req-nowhere", "req-elsewhere", StringComparison.Ordinal), approve.Status.Detail);
        var unchanged = await Access.GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-elsewhere" }, _server.As(Role.FleetAdmin));
        Assert.Equal(AccessRequestStatus.Requested, unchanged.Status);
    }

    [Fact]
    public async Task Refused_approvals_are_audited_with_their_status()
    {
        await Access.RequestAccessAsync(VendorRequest("req-audited", "sis-1"), As("planner", Role.PlantAdmin));
        await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-audited" }, As("alice", Role.Approver));

        await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-audited" }, As("planner", Role.Approver)).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-audited" }, As("alice", Role.Approver)).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-audited" }, _server.As(Role.Auditor)).ResponseAsync);

        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var refusals = (await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000))
            .Where(r => r.Entry.Action == "/ztfleet.v1.AccessService/ApproveAccess")
            .ToList();
        Assert.Contains(refusals, r => r.Entry.Outcome == "PermissionDenied" && r.Entry.Actor.StartsWith("planner", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Entry.Outcome == "FailedPrecondition" && r.Entry.Actor.StartsWith("alice", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Entry.Outcome == "PermissionDenied" && r.Entry.Detail.Contains("auditor cannot approve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_window_longer_than_policy_allows_is_refused_and_nothing_is_recorded()
    {
        var tooLong = VendorRequest("req-long", "plc-1");
        tooLong.NotAfter = Timestamp.FromDateTimeOffset(Start.AddDays(10));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.RequestAccessAsync(tooLong, As("planner", Role.PlantAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("not_after", ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Access.GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-long" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Revoking_an_active_grant_reports_where_plants_recorded_it_and_is_audited()
    {
        await Access.RequestAccessAsync(VendorRequest("req-revoke", "plc-1"), As("planner", Role.PlantAdmin));
        var active = await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-revoke" }, As("alice", Role.Approver));

        var revoked = await Access.RevokeAccessAsync(new RevokeAccessRequest { RequestId = "req-revoke", Reason = "job done early" }, As("alice", Role.Approver));

        Assert.Equal(AccessRequestStatus.Revoked, revoked.Status);
        Assert.True(revoked.Epochs.Single(e => e.PlantId == "berlin").Epoch > active.Epochs.Single(e => e.PlantId == "berlin").Epoch);
        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var records = await cluster.GetGrain<IAuditGrain>("berlin").ReadAsync(0, 100);
        Assert.Contains(records, r => r.Entry.Action == "access.approve");
        Assert.Contains(records, r => r.Entry.Action == "access.revoke" && r.Entry.Target == "req-revoke" && r.Entry.Actor.StartsWith("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Locking_an_identity_reaches_every_plant_where_it_may_act()
    {
        var response = await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "credential leak" }, _server.As(Role.FleetAdmin));

        Assert.Equal(["austin", "berlin"], response.Epochs.Select(e => e.PlantId).Order());

        // A locked identity gets no new grant: the request may be filed, its approval cannot take effect.
        await Access.RequestAccessAsync(VendorRequest("req-locked", "plc-1"), As("planner", Role.PlantAdmin));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-locked" }, As("alice", Role.Approver)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
    }

    [Fact]
    public async Task A_plant_admin_cannot_lock_an_identity_it_cannot_see()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.LockIdentityAsync(
            new LockIdentityRequest { IdentityId = "jdoe", Reason = "x" }, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);

        // A probe of another plant's ids leaves a trace, though the caller learns nothing.
        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var refusals = await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        Assert.Contains(refusals, r => r.Entry.Action == "/ztfleet.v1.AccessService/LockIdentity" && r.Entry.Outcome == "NotFound");
    }

    [Fact]
    public async Task An_admin_of_one_plant_locks_someone_at_two_but_unlocks_or_enrolls_them_only_with_both()
    {
        var berlinAdmin = As("anna", Role.PlantAdmin);
        await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "credential leak" }, berlinAdmin);

        // vendor-tech also works at Austin: a lock that holds there, or a TOTP secret that counts there, is not Berlin's alone.
        var unlock = await Assert.ThrowsAsync<RpcException>(() => Access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, berlinAdmin).ResponseAsync);
        var enroll = await Assert.ThrowsAsync<RpcException>(() => Access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = "vendor-tech" }, berlinAdmin).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (unlock.StatusCode, enroll.StatusCode));

        var both = _server.AsSubject("ben", Role.PlantAdmin, "berlin", "austin");
        await Access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, both);
        Assert.StartsWith("otpauth://", (await Access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = "vendor-tech" }, both)).OtpauthUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_totp_code_records_mfa_once_and_a_replay_is_refused()
    {
        var enrollment = await Access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = "vendor-tech" }, _server.As(Role.FleetAdmin));
        var secret = OtpNet.Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(enrollment.OtpauthUri).Query)["secret"]!);
        var code = new OtpNet.Totp(secret).ComputeTotp(_time.GetUtcNow().UtcDateTime);

        var asserted = await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = "vendor-tech", TotpCode = code }, _server.As(Role.FleetAdmin));
        var replay = await Assert.ThrowsAsync<RpcException>(() => Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = "vendor-tech", TotpCode = code }, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal("totp", asserted.Method);
        Assert.Equal(2, asserted.Epochs.Count);
        Assert.Equal(StatusCode.InvalidArgument, replay.StatusCode);
    }

    private CallOptions As(string subject, Role role) =>
        _server.AsSubject(subject, role, "berlin");

    private static RequestAccessRequest VendorRequest(string id, string asset) => new()
    {
        RequestId = id,
        IdentityId = "vendor-tech",
        PlantId = "berlin",
        Operations = { Operation.Program },
        AssetIds = { asset },
        NotBefore = Timestamp.FromDateTimeOffset(Start.AddHours(1)),
        NotAfter = Timestamp.FromDateTimeOffset(Start.AddHours(5)),
        Justification = "firmware update after vendor advisory",
        WorkOrder = "WO-4711",
    };
}
