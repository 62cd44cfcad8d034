using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// Credentials over time, through the real API on a fake clock: a stream ends when its token expires, and a
/// credential revoked by its id stays refused for as long as it could be used.
/// </summary>
public sealed class RevocationClockTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>How soon a stream must end once its credential is no longer good.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public RevocationClockTests() => _server = new ApiServer(_time);

    private CredentialService.CredentialServiceClient Credentials => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_administrators_watch_ends_when_its_token_expires()
    {
        // ApiServer.As issues tokens valid 10 minutes on the server's clock.
        await using var watcher = Watcher.Start(new EnforcementService.EnforcementServiceClient(_server.Channel), _server.As(Role.Auditor), "berlin", 0);
        await watcher.NextAsync();

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        Assert.False(watcher.Ended, "the watch ended before its token expired");

        _time.Advance(TimeSpan.FromSeconds(1));
        var ended = await watcher.EndedWithinAsync(Within);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("expired", ended.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_opened_after_expiry_within_the_clock_skew_ends_at_once()
    {
        var token = _server.As(Role.FleetAdmin);
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(10));

        // A unary call is still accepted within the 30 s of clock skew; a stream does not outlive the expiry.
        await new FleetService.FleetServiceClient(_server.Channel).ListPlantsAsync(new ListPlantsRequest(), token);
        await using var watcher = Watcher.Start(new EnforcementService.EnforcementServiceClient(_server.Channel), token, "berlin", 0);
        var ended = await watcher.EndedWithinAsync(Within);
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
    }

    [Fact]
    public async Task A_points_credential_revoked_by_its_id_stays_refused_after_the_seven_days_an_enrollment_token_lives()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var other = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-2", "berlin");
        var revoked = await Credentials.RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = RevocationTests.TokenIdOf(point.Credential), Reason = "credential copied" }, _server.As(Role.FleetAdmin));
        Assert.True(revoked.KeptUntil.ToDateTimeOffset() >= Start + TimeSpan.FromDays(365), $"kept only until {revoked.KeptUntil}");

        _time.Advance(TimeSpan.FromDays(30));
        // A reload drops expired entries (here and in the grain); this one must not be.
        await _server.ApiServices.GetRequiredService<RevocationList>().ReloadAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        await other.Client.HeartbeatAsync(new HeartbeatRequest(), other.Credential);
        var listed = await Credentials.ListRevokedTokensAsync(new ListRevokedTokensRequest(), _server.As(Role.Auditor));
        Assert.Contains(listed.Tokens, t => t.CredentialId == RevocationTests.TokenIdOf(point.Credential));

        _time.Advance(TimeSpan.FromDays(336));
        var expired = await Assert.ThrowsAsync<RpcException>(() => point.Client.HeartbeatAsync(new HeartbeatRequest(), point.Credential).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, expired.StatusCode);
    }
}
