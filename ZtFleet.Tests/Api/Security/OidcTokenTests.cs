using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// The API accepts access tokens of a configured OIDC issuer (the in-test <see cref="OidcIssuer"/>) as the principal
/// their claims name, refuses each defective one with UNAUTHENTICATED and a reason, revokes them by id like its own,
/// and follows a rolled key; the issuer's three grants (code with PKCE, device, refresh) give tokens the API accepts.
/// </summary>
public sealed class OidcTokenTests(OidcApiFixture fixture) : IClassFixture<OidcApiFixture>
{
    private readonly OidcIssuer _issuer = fixture.Issuer;
    private readonly ApiServer _server = fixture.Server;

    [Fact]
    public async Task A_plant_admin_token_of_the_issuer_is_that_plant_admin()
    {
        var token = _issuer.IssueAccessToken(new OidcTestUser("maria@example.com", "plant-admin", "berlin"));

        var (caller, problem) = await _server.ApiServices.GetRequiredService<TokenService>().ValidateAsync(token);
        Assert.Null(problem);
        Assert.Equal("maria@example.com", caller!.Subject);
        Assert.Equal(Role.PlantAdmin, caller.Role);
        Assert.Equal(["berlin"], caller.Plants.Select(p => p.Value));
        Assert.False(string.IsNullOrEmpty(caller.TokenId));

        // Through the real API: she sees her plant only.
        var plants = await ListPlantsAsync(token);
        Assert.Equal(["berlin"], plants.Plants.Select(p => p.PlantId));
    }

    [Fact]
    public async Task A_fleet_admin_token_of_the_issuer_sees_every_plant()
    {
        var plants = await ListPlantsAsync(_issuer.IssueAccessToken(new OidcTestUser("oidc-fleet-admin", "fleet-admin")));
        Assert.Equal(["austin", "berlin"], plants.Plants.Select(p => p.PlantId).Order());
    }

    public static TheoryData<string, string> Defects => new()
    {
        { "wrong audience", "its audience is not ztfleet-api" },
        { "wrong issuer", "its issuer is not trusted" },
        { "expired", "it expired" },
        { "not yet valid", "it is not valid yet" },
        { "unknown key", "a key the OIDC issuer does not publish" },
        { "signed with the API's own HS256 key", "sign" },
        { "no role", "grants no ZtFleet role" },
        { "an enforcement point's role", "grants no ZtFleet role" },
        { "two roles", "more than one ZtFleet role" },
        { "no token id", "it has no id (claim 'jti')" },
        { "lifetime over the maximum", "it lives longer than" },
        { "invalid plant id", "names an invalid plant id" },
        { "not a JWT", "it is not a well-formed JWT" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task A_defective_token_of_the_issuer_is_unauthenticated_with_the_reason(string defect, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var token = defect switch
        {
            "wrong audience" => Edited(c => c["aud"] = "another-api"),
            "wrong issuer" => Edited(c => c["iss"] = "https://login.example.com/"),
            "expired" => Edited(c => Times(c, now.AddMinutes(-20), now.AddMinutes(-2))),
            "not yet valid" => Edited(c => Times(c, now.AddMinutes(5), now.AddMinutes(30))),
            "unknown key" => _issuer.IssueAccessToken(unknownKey: true),
            "signed with the API's own HS256 key" => Hs256(Claims()),
            "no role" => Edited(c => c.Remove("ztfleet_role")),
            "an enforcement point's role" => Edited(c => c["ztfleet_role"] = "enforcement-point"),
            "two roles" => Edited(c => c["ztfleet_role"] = new[] { "fleet-admin", "auditor" }),
            "no token id" => Edited(c => c.Remove("jti")),
            "lifetime over the maximum" => Edited(c => Times(c, now, now.AddHours(3))),
            "invalid plant id" => Edited(c => c["ztfleet_plants"] = new[] { "Not A Plant!" }),
            "not a JWT" => "not-a-jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => ListPlantsAsync(token));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.StartsWith("The bearer token is not valid: ", refused.Status.Detail);
        Assert.Contains(reason, refused.Status.Detail);
    }

    [Fact]
    public async Task A_token_of_the_issuer_is_revoked_by_its_id()
    {
        string? tokenId = null;
        var token = _issuer.IssueAccessToken(edit: c => tokenId = (string)c["jti"]);
        await ListPlantsAsync(token);

        await new CredentialService.CredentialServiceClient(_server.Channel).RevokeTokenAsync(
            new RevokeTokenRequest { TokenId = tokenId, Reason = "session of a departed employee" }, _server.As(Role.FleetAdmin));

        var refused = await Assert.ThrowsAsync<RpcException>(() => ListPlantsAsync(token));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail);
    }

    [Fact]
    public async Task A_token_signed_with_a_rolled_key_is_accepted_once_the_key_set_is_fetched_again()
    {
        await ListPlantsAsync(_issuer.IssueAccessToken());
        var fetched = _issuer.KeySetRequests;

        _issuer.RotateKey();
        await ListPlantsAsync(_issuer.IssueAccessToken());

        Assert.True(_issuer.KeySetRequests > fetched, "the API fetched the key set again for the new key id");
    }

    [Fact]
    public async Task The_authorization_code_flow_with_PKCE_gives_a_token_the_API_accepts()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        const string redirect = "http://127.0.0.1:1/callback";
        var authorize = await http.GetAsync(
            $"{_issuer.Authority}/authorize?response_type=code&client_id={OidcIssuer.ConsoleClientId}&redirect_uri={Uri.EscapeDataString(redirect)}"
            + $"&scope=openid%20profile&state=s-1&nonce=n-1&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
        Assert.Equal("s-1", callback["state"]);

        var wrongVerifier = await TokenRequestAsync(http, ("grant_type", "authorization_code"), ("client_id", OidcIssuer.ConsoleClientId), ("code", callback["code"]!), ("redirect_uri", redirect), ("code_verifier", verifier + "x"));
        Assert.Equal("invalid_grant", wrongVerifier.GetProperty("error").GetString());

        // The code was spent by the failed attempt: a second authorization gives a new one.
        authorize = await http.GetAsync(
            $"{_issuer.Authority}/authorize?response_type=code&client_id={OidcIssuer.ConsoleClientId}&redirect_uri={Uri.EscapeDataString(redirect)}"
            + $"&scope=openid&state=s-2&nonce=n-2&code_challenge={challenge}&code_challenge_method=S256");
        var code = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]!;
        var tokens = await TokenRequestAsync(http, ("grant_type", "authorization_code"), ("client_id", OidcIssuer.ConsoleClientId), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier));

        await ListPlantsAsync(tokens.GetProperty("access_token").GetString()!);
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal("n-2", idToken.GetClaim("nonce").Value);
        Assert.Equal(OidcIssuer.ConsoleClientId, idToken.Audiences.Single());

        // The refresh token gives a new access token once.
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var refreshed = await TokenRequestAsync(http, ("grant_type", "refresh_token"), ("client_id", OidcIssuer.ConsoleClientId), ("refresh_token", refreshToken));
        await ListPlantsAsync(refreshed.GetProperty("access_token").GetString()!);
        var reused = await TokenRequestAsync(http, ("grant_type", "refresh_token"), ("client_id", OidcIssuer.ConsoleClientId), ("refresh_token", refreshToken));
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_device_flow_gives_a_token_the_API_accepts_once_the_user_code_is_approved()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([new("client_id", OidcIssuer.CliClientId), new("scope", "openid offline_access")]);
        var authorization = await (await http.PostAsync($"{_issuer.Authority}/device_authorization", form)).Content.ReadFromJsonAsync<JsonElement>();
        var deviceCode = authorization.GetProperty("device_code").GetString()!;
        var userCode = authorization.GetProperty("user_code").GetString()!;
        Assert.Equal($"{_issuer.Authority}/device", authorization.GetProperty("verification_uri").GetString());
        Assert.Equal(1, authorization.GetProperty("interval").GetInt32());

        var pending = await TokenRequestAsync(http, ("grant_type", OidcIssuer.DeviceCodeGrant), ("client_id", OidcIssuer.CliClientId), ("device_code", deviceCode));
        Assert.Equal("authorization_pending", pending.GetProperty("error").GetString());

        Assert.True(_issuer.ApproveUserCode(userCode.ToLowerInvariant(), new OidcTestUser("auditor@example.com", "auditor")));
        var tokens = await TokenRequestAsync(http, ("grant_type", OidcIssuer.DeviceCodeGrant), ("client_id", OidcIssuer.CliClientId), ("device_code", deviceCode));
        var (caller, _) = await _server.ApiServices.GetRequiredService<TokenService>().ValidateAsync(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(("auditor@example.com", Role.Auditor), (caller!.Subject, caller.Role));
    }

    [Fact]
    public async Task A_denied_device_authorization_answers_access_denied()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([new("client_id", OidcIssuer.CliClientId)]);
        var authorization = await (await http.PostAsync($"{_issuer.Authority}/device_authorization", form)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(_issuer.DenyUserCode(authorization.GetProperty("user_code").GetString()!));
        var denied = await TokenRequestAsync(http, ("grant_type", OidcIssuer.DeviceCodeGrant), ("client_id", OidcIssuer.CliClientId), ("device_code", authorization.GetProperty("device_code").GetString()!));
        Assert.Equal("access_denied", denied.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_API_own_tokens_are_still_accepted_beside_the_issuer()
    {
        var plants = await new FleetService.FleetServiceClient(_server.Channel).ListPlantsAsync(new ListPlantsRequest(), _server.As(Role.FleetAdmin));
        Assert.Equal(2, plants.Plants.Count);
    }

    private async Task<ListPlantsResponse> ListPlantsAsync(string token) =>
        await new FleetService.FleetServiceClient(_server.Channel).ListPlantsAsync(new ListPlantsRequest(), TestTokens.Bearer(token));

    private async Task<JsonElement> TokenRequestAsync(HttpClient http, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await http.PostAsync($"{_issuer.Authority}/token", form);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private string Edited(Action<Dictionary<string, object>> edit) => _issuer.IssueAccessToken(edit: edit);

    private Dictionary<string, object> Claims()
    {
        Dictionary<string, object> claims = [];
        _issuer.IssueAccessToken(edit: c => claims = new Dictionary<string, object>(c));
        return claims;
    }

    private static void Times(Dictionary<string, object> claims, DateTimeOffset from, DateTimeOffset until)
    {
        claims["iat"] = from.ToUnixTimeSeconds();
        claims["nbf"] = from.ToUnixTimeSeconds();
        claims["exp"] = until.ToUnixTimeSeconds();
    }

    private static string Hs256(Dictionary<string, object> claims) => TestTokens.Hmac(claims);
}
