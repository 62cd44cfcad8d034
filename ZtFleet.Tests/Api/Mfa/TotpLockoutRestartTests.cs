using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Mfa;

/// <summary>A TOTP lockout is in the identity's PostgreSQL row: a silo that dies (and its activation) keeps it in force.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class TotpLockoutRestartTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_lockout_survives_a_silo_restart_and_ends_on_time()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("totp-lockout-restart"), time);
        await server.InitializeAsync();
        await new FleetService.FleetServiceClient(server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, server.As(Role.FleetAdmin));
        var access = new AccessService.AccessServiceClient(server.Channel);
        var app = await TotpCodes.EnrollAsync(access, "vendor-tech", server.As(Role.FleetAdmin), time);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => AssertAsync(access, server, app.Wrong(i)));
        }

        await server.RestartSiloAsync();
        time.Advance(TimeSpan.FromSeconds(50));

        var refused = await AfterRestart.RefusalAsync(() => AssertAsync(access, server, app.Right()));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("totp", (await AssertAsync(access, server, app.Right())).Method);
    }

    private static async Task<AssertMfaResponse> AssertAsync(AccessService.AccessServiceClient access, ApiServer server, string code) =>
        await access.AssertMfaAsync(new AssertMfaRequest { IdentityId = "vendor-tech", TotpCode = code }, server.As(Role.FleetAdmin));
}
