using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// Administrative tokens the real API must refuse with UNAUTHENTICATED, each with one defect; the same token without
/// it is accepted, so each case fails for its defect alone.
/// </summary>
public sealed class RejectedTokenTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly ApiServer _server = fixture.Server;

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string> Defects => new()
    {
        "wrong audience",
        "wrong issuer",
        "expired",
        "not yet valid",
        "signed with another key",
        "alg none",
        "HS512",
        "RS256",
        "lifetime over the maximum",
        "issued in the future",
        "no token id",
        "no issue or not-before time",
        "unknown role",
        "revoked token id",
    };

    [Fact]
    public async Task A_well_formed_admin_token_is_accepted()
    {
        var plants = await ListPlantsAsync(TestTokens.Hmac(TestTokens.FleetAdmin(DateTimeOffset.UtcNow)));
        Assert.NotNull(plants);
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task An_admin_token_with_a_defect_is_unauthenticated(string defect)
    {
        var claims = TestTokens.FleetAdmin(Now);
        var token = defect switch
        {
            "wrong audience" => TestTokens.Hmac(With(claims, "aud", "another-api")),
            "wrong issuer" => TestTokens.Hmac(With(claims, "iss", "someone-else")),
            "expired" => TestTokens.Hmac(Times(claims, Now.AddMinutes(-20), Now.AddMinutes(-2))),
            "not yet valid" => TestTokens.Hmac(Times(claims, Now.AddMinutes(5), Now.AddMinutes(30))),
            "signed with another key" => TestTokens.Hmac(claims, key: "another-signing-key-0123456789abcdefghijkl"),
            "alg none" => TestTokens.None(claims),
            "HS512" => TestTokens.Hmac(claims, "HS512"),
            "RS256" => TestTokens.Rsa(claims),
            "lifetime over the maximum" => TestTokens.Hmac(Times(claims, Now, Now.AddHours(2))),
            "issued in the future" => TestTokens.Hmac(Without(Times(claims, Now.AddHours(2), Now.AddHours(2.5)), "nbf")),
            "no token id" => TestTokens.Hmac(Without(claims, "jti")),
            "no issue or not-before time" => TestTokens.Hmac(Without(Without(claims, "iat"), "nbf")),
            "unknown role" => TestTokens.Hmac(With(claims, "role", "root")),
            "revoked token id" => await RevokedAsync(claims),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => ListPlantsAsync(token));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    /// <summary>A valid token, used once (so the API remembers it as valid), then revoked by its id.</summary>
    private async Task<string> RevokedAsync(Dictionary<string, object> claims)
    {
        var token = TestTokens.Hmac(claims);
        await ListPlantsAsync(token);
        await new CredentialService.CredentialServiceClient(_server.Channel).RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = (string)claims["jti"], Reason = "laptop lost" }, _server.As(Role.FleetAdmin));
        return token;
    }

    private async Task<ListPlantsResponse> ListPlantsAsync(string token) =>
        await new FleetService.FleetServiceClient(_server.Channel).ListPlantsAsync(new ListPlantsRequest(), TestTokens.Bearer(token));

    private static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value) => new(claims) { [name] = value };

    private static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        var copy = new Dictionary<string, object>(claims);
        copy.Remove(name);
        return copy;
    }

    private static Dictionary<string, object> Times(Dictionary<string, object> claims, DateTimeOffset from, DateTimeOffset until) =>
        With(With(With(claims, "iat", from.ToUnixTimeSeconds()), "nbf", from.ToUnixTimeSeconds()), "exp", until.ToUnixTimeSeconds());
}
