using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Security;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// Revocations through the real API: an administrative token by its id, an enforcement point by its id; each
/// refused within a second although the API remembered the credential as valid. A revocation written to the deny
/// list grain directly stands for one made through another API process: this one hears of it only by the push.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    /// <summary>How soon every API process must refuse a revoked credential.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private readonly ApiServer _server = new();

    private IClusterClient Cluster => _server.ApiServices.GetRequiredService<IClusterClient>();

    private CredentialService.CredentialServiceClient Credentials => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_token_revoked_elsewhere_is_refused_within_a_second_although_it_was_cached_as_valid()
    {
        var jti = Guid.NewGuid().ToString("N");
        var token = TestTokens.Bearer(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow, jti)));
        await ListPlantsAsync(token);
        await WaitUntilPushesFlowAsync();

        var revoked = await Cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet)
            .RevokeTokenAsync(jti, DateTimeOffset.UtcNow.AddHours(1), "another-api-process", "laptop lost");
        Assert.True(revoked.RevokedNow);

        await RefusedWithinAsync(() => ListPlantsAsync(token), StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_fleet_admin_revokes_a_token_by_its_id_and_the_revocation_is_listed_and_audited()
    {
        var jti = Guid.NewGuid().ToString("N");
        var token = TestTokens.Bearer(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow, jti)));
        await ListPlantsAsync(token);

        var response = await Credentials.RevokeTokenAsync(new RevokeTokenRequest { TokenId = jti, Reason = "laptop lost" }, _server.AsSubject("alice", Role.FleetAdmin));
        Assert.True(response.RevokedNow);
        Assert.True(response.KeptUntil.ToDateTimeOffset() >= DateTimeOffset.UtcNow.AddDays(365), "kept shorter than a point's credential lives");
        var refused = await Assert.ThrowsAsync<RpcException>(() => ListPlantsAsync(token));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        var again = await Credentials.RevokeTokenAsync(new RevokeTokenRequest { TokenId = jti, Reason = "twice" }, _server.As(Role.FleetAdmin));
        Assert.False(again.RevokedNow);
        var listed = await Credentials.ListRevokedTokensAsync(new ListRevokedTokensRequest(), _server.As(Role.Auditor));
        var entry = Assert.Single(listed.Tokens, t => t.CredentialId == jti);
        Assert.Equal(("laptop lost", "alice (fleet-admin)"), (entry.Reason, entry.RevokedBy));
        var audit = await Cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        Assert.Contains(audit, r => r.Entry.Action == "credential.token.revoked" && r.Entry.Target == $"token/{jti}" && r.Entry.Outcome == "revoked");
        Assert.Contains(audit, r => r.Entry.Action == "credential.token.revoked" && r.Entry.Target == $"token/{jti}" && r.Entry.Outcome == "already-revoked");
    }

    [Fact]
    public async Task An_enrollment_token_revoked_by_its_id_before_use_cannot_enroll()
    {
        var enforcement = new EnforcementService.EnforcementServiceClient(_server.Channel);
        var enrollment = await enforcement.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "berlin-gw-9", PlantId = "berlin", Name = "spare gateway" }, _server.As(Role.FleetAdmin));
        var jti = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(enrollment.EnrollmentToken).Id;

        await Credentials.RevokeTokenAsync(new RevokeTokenRequest { TokenId = jti, Reason = "token mailed to the wrong site" }, _server.As(Role.FleetAdmin));

        var refused = await Assert.ThrowsAsync<RpcException>(() => enforcement.EnrollAsync(new EnrollRequest(), EnforcementPoint.Bearer(enrollment.EnrollmentToken)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Only_a_fleet_admin_revokes_tokens_and_a_bad_token_id_is_invalid()
    {
        var plantAdmin = await Assert.ThrowsAsync<RpcException>(() => Credentials.RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = "abc", Reason = "r" }, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, plantAdmin.StatusCode);

        var tooLong = await Assert.ThrowsAsync<RpcException>(() => Credentials.RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = new string('j', 5000), Reason = "r" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.True(tooLong.Status.Detail.Length < 400, tooLong.Status.Detail);
    }

    [Fact]
    public async Task A_revoked_enforcement_point_is_refused_Check_within_a_second_although_it_was_cached_as_active()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var decisions = new DecisionService.DecisionServiceClient(_server.Channel);
        var check = new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.View };
        await decisions.CheckAsync(check, point.Credential);
        await WaitUntilPushesFlowAsync();

        // As another API process would: the deny list grain, then the point's own grain.
        await Cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet).RevokeEnforcementPointAsync(
            EnforcementPointId.Parse("berlin-gw-1"), DateTimeOffset.UtcNow.AddDays(366), "another-api-process", "gateway stolen");

        await RefusedWithinAsync(() => decisions.CheckAsync(check, point.Credential).ResponseAsync, StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task A_watch_of_an_enforcement_point_ends_within_a_second_of_its_revocation()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        await using var watcher = point.Watch(0);
        await watcher.NextAsync();

        var started = DateTime.UtcNow;
        await new EnforcementService.EnforcementServiceClient(_server.Channel).RevokeEnforcementPointAsync(
            new RevokeEnforcementPointRequest { EnforcementPointId = "berlin-gw-1", Reason = "gateway stolen" }, _server.As(Role.FleetAdmin));

        RpcException? ended = null;
        while (ended is null && DateTime.UtcNow - started < TimeSpan.FromSeconds(5))
        {
            try
            {
                await watcher.NextAsync();
            }
            catch (RpcException ex)
            {
                ended = ex;
            }
        }

        Assert.NotNull(ended);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.True(DateTime.UtcNow - started < Within + TimeSpan.FromMilliseconds(500), $"the watch ended after {DateTime.UtcNow - started}");
        var listed = await Credentials.ListRevokedTokensAsync(new ListRevokedTokensRequest(), _server.As(Role.FleetAdmin));
        Assert.Contains(listed.EnforcementPoints, p => p.CredentialId == "berlin-gw-1" && p.Reason == "gateway stolen");
    }

    [Fact]
    public async Task An_administrators_watch_ends_within_a_second_of_the_revocation_of_its_token()
    {
        var jti = Guid.NewGuid().ToString("N");
        var token = TestTokens.Bearer(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow, jti)));
        await using var watcher = Watcher.Start(new EnforcementService.EnforcementServiceClient(_server.Channel), token, "berlin", 0);
        await watcher.NextAsync();

        var started = DateTime.UtcNow;
        await Credentials.RevokeTokenAsync(new RevokeTokenRequest { TokenId = jti, Reason = "laptop lost" }, _server.As(Role.FleetAdmin));

        var ended = await watcher.EndedWithinAsync(Within);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("revoked", ended.Status.Detail, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < Within, $"the watch ended after {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task An_administrators_watch_ends_within_a_second_of_a_revocation_made_elsewhere()
    {
        var jti = Guid.NewGuid().ToString("N");
        var token = TestTokens.Bearer(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow, jti)));
        await WaitUntilPushesFlowAsync();
        await using var watcher = Watcher.Start(new EnforcementService.EnforcementServiceClient(_server.Channel), token, "berlin", 0);
        await watcher.NextAsync();

        // Pushed, as from another API process: this one hears of it only through the stream.
        await Cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet)
            .RevokeTokenAsync(jti, DateTimeOffset.UtcNow.AddHours(1), "another-api-process", "laptop lost");

        Assert.Equal(StatusCode.Unauthenticated, (await watcher.EndedWithinAsync(Within)).StatusCode);
    }

    [Fact]
    public async Task A_watch_of_an_enforcement_point_ends_within_a_second_of_the_revocation_of_its_credentials_id()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var other = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-2", "berlin");
        await using var watcher = point.Watch(0);
        await using var unaffected = other.Watch(0);
        await watcher.NextAsync();
        await unaffected.NextAsync();

        var started = DateTime.UtcNow;
        await Credentials.RevokeTokenAsync(new RevokeTokenRequest { TokenId = TokenIdOf(point.Credential), Reason = "credential copied" }, _server.As(Role.FleetAdmin));

        var ended = await watcher.EndedWithinAsync(Within);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.True(DateTime.UtcNow - started < Within, $"the watch ended after {DateTime.UtcNow - started}");
        var refused = await Assert.ThrowsAsync<RpcException>(() => point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.False(unaffected.Ended, "the other point's watch ended too");
        await other.Client.HeartbeatAsync(new HeartbeatRequest(), other.Credential);
    }

    /// <summary>The <c>jti</c> of the bearer token <paramref name="credential"/> carries.</summary>
    internal static string TokenIdOf(CallOptions credential) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(credential.Headers!.GetValue("authorization")!["Bearer ".Length..]).Id;

    [Fact]
    public async Task Without_the_cluster_an_enforcement_point_is_refused_once_the_deny_list_is_older_than_its_bound()
    {
        // The fixture's server keeps the default 30 s; this one may be 2 s stale.
        await using var server = new ApiServer
        {
            ApiConfiguration = new Dictionary<string, string?>
            {
                ["ZtFleet:Auth:RevocationReloadInterval"] = "00:00:01",
                ["ZtFleet:Auth:RevocationMaxStaleness"] = "00:00:02",
            },
        };
        await server.InitializeAsync();
        await new FleetService.FleetServiceClient(server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, server.As(Role.FleetAdmin));
        var point = await EnforcementPoint.EnrollAsync(server, "berlin-gw-1", "berlin");
        var decisions = new DecisionService.DecisionServiceClient(server.Channel);
        var check = new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.View };
        await decisions.CheckAsync(check, point.Credential);

        await server.StopSiloAsync();

        // Decided from the plant view while the list is fresh enough; then refused, and stays refused.
        var started = DateTime.UtcNow;
        var refused = await PollUntilRefusedAsync(() => decisions.CheckAsync(check, point.Credential).ResponseAsync, TimeSpan.FromSeconds(20));
        var unconfirmed = await Assert.ThrowsAsync<TemporarilyUnavailableException>(
            async () => await server.ApiServices.GetRequiredService<RevocationList>().EnsureCurrentAsync(CancellationToken.None));
        Assert.Equal("REVOCATIONS_UNCONFIRMED", unconfirmed.Reason);
        Assert.True(refused.StatusCode == StatusCode.Unavailable, $"{refused.StatusCode}: {refused.Status.Detail}");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "refused before the list was stale");
        var again = await Assert.ThrowsAsync<RpcException>(() => decisions.CheckAsync(check, point.Credential).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, again.StatusCode);
    }

    private static async Task<RpcException> PollUntilRefusedAsync<T>(Func<Task<T>> call, TimeSpan limit)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                await call();
            }
            catch (RpcException ex)
            {
                return ex;
            }

            Assert.True(DateTime.UtcNow - started < limit, $"still answered {DateTime.UtcNow - started} after the cluster went away");
            await Task.Delay(50);
        }
    }

    private async Task<ListPlantsResponse> ListPlantsAsync(CallOptions token) =>
        await new FleetService.FleetServiceClient(_server.Channel).ListPlantsAsync(new ListPlantsRequest(), token);

    /// <summary>
    /// The API subscribes to the pushes with its first load of the deny list; a revocation written before that is
    /// found by the load itself, which would prove nothing about the push.
    /// </summary>
    private async Task WaitUntilPushesFlowAsync()
    {
        var revocations = _server.ApiServices.GetRequiredService<RevocationList>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (revocations.Version < 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(revocations.Version >= 0, "the API never loaded the deny list");
    }

    /// <summary>Polls <paramref name="call"/> until it fails with <paramref name="status"/>; fails after <see cref="Within"/>.</summary>
    private static async Task RefusedWithinAsync<T>(Func<Task<T>> call, StatusCode status)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                await call();
            }
            catch (RpcException ex) when (ex.StatusCode == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow - started < Within, $"still accepted {DateTime.UtcNow - started} after the revocation");
            await Task.Delay(10);
        }
    }
}
