using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Security;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>The deny list is grain state in PostgreSQL: a silo that dies forgets no revocation.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class RevocationRestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_revoked_token_stays_revoked_across_a_silo_restart()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("revocation-restart"));
        await server.InitializeAsync();
        var jti = Guid.NewGuid().ToString("N");
        var token = TestTokens.Bearer(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow, jti)));
        await new CredentialService.CredentialServiceClient(server.Channel).RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = jti, Reason = "laptop lost" }, server.As(Role.FleetAdmin));

        await server.RestartSiloAsync();

        var cluster = server.ApiServices.GetRequiredService<IClusterClient>();
        var list = await AfterRestart.RetryAsync(() => cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet).GetAsync());
        Assert.Contains(list.Tokens, t => t.TokenId == jti && t.Reason == "laptop lost");
        Assert.Equal(1, list.Version);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new FleetService.FleetServiceClient(server.Channel).ListPlantsAsync(new ListPlantsRequest(), token).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }
}
