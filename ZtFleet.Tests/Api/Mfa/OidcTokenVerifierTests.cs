using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Api.Mfa;

public sealed class OidcTokenVerifierTests : IDisposable
{
    // Far from the machine's clock on purpose: if anything judged lifetime by the real time, every token here would
    // be "not yet valid" and the tests would fail.
    private static readonly DateTimeOffset Start = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);

    private readonly TestIdentityProvider _idp = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _idp.Dispose();

    private OidcTokenVerifier Verifier(Action<OidcIssuerOptions>? configure = null) =>
        new(Options.Create(new OidcOptions { Issuers = [_idp.IssuerOptions(configure)] }), _time);

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public async Task Rsa_signed_token_with_pwd_and_otp_is_verified_with_its_auth_time()
    {
        var result = await Verifier().VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now));

        Assert.True(result.Verified, result.Failure);
        Assert.Null(result.Failure);
        Assert.Equal("vendor-tech", result.IdentityId);
        Assert.Equal(Start - TimeSpan.FromMinutes(2), result.AuthTime);
        Assert.Equal("oidc:pwd+otp", result.Method);
        Assert.Equal(["pwd", "otp"], result.Amr);
        Assert.Equal("1", result.Acr);
    }

    [Fact]
    public async Task Ec_signed_token_is_verified()
    {
        var result = await Verifier().VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now, _idp.Ec));

        Assert.True(result.Verified, result.Failure);
        Assert.Equal("vendor-tech", result.IdentityId);
    }

    [Fact]
    public async Task Token_signed_with_a_key_not_in_the_jwks_is_bad_signature()
    {
        using var impostor = RSA.Create(2048);
        var sameKid = new SigningCredentials(new RsaSecurityKey(impostor) { KeyId = TestIdentityProvider.RsaKid }, SecurityAlgorithms.RsaSha256);
        var otherKid = new SigningCredentials(new RsaSecurityKey(impostor) { KeyId = "rsa-unknown" }, SecurityAlgorithms.RsaSha256);
        var verifier = Verifier();

        foreach (var credentials in new[] { sameKid, otherKid })
        {
            var result = await verifier.VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now, credentials));
            Assert.False(result.Verified);
            Assert.Equal(MfaFailures.BadSignature, result.Failure);
            Assert.Null(result.IdentityId);
        }
    }

    [Fact]
    public async Task Token_whose_payload_was_altered_is_bad_signature()
    {
        var token = _idp.Mint(TestIdentityProvider.Claims(Now), Now);
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("vendor-tech", "plant-admin", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await Verifier().VerifyAsync(forged);

        Assert.Equal(MfaFailures.BadSignature, result.Failure);
        Assert.Null(result.IdentityId);
    }

    [Fact]
    public async Task Unsigned_and_hmac_signed_tokens_are_bad_signature()
    {
        var hmac = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256);
        var unsigned = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = TestIdentityProvider.Issuer,
                Audience = TestIdentityProvider.Audience,
                IssuedAt = Now.UtcDateTime,
                Expires = (Now + TimeSpan.FromMinutes(5)).UtcDateTime,
                Claims = TestIdentityProvider.Claims(Now),
            });
        var verifier = Verifier();

        Assert.Equal(MfaFailures.BadSignature, (await verifier.VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now, hmac))).Failure);
        Assert.Equal(MfaFailures.BadSignature, (await verifier.VerifyAsync(unsigned)).Failure);
    }

    [Fact]
    public async Task Token_from_an_issuer_that_is_not_configured_is_unknown_issuer()
    {
        var token = _idp.Mint(TestIdentityProvider.Claims(Now), Now, issuer: "https://idp.elsewhere.example/");

        var result = await Verifier().VerifyAsync(token);

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.UnknownIssuer, result.Failure);
    }

    [Fact]
    public async Task Token_minted_for_another_client_is_wrong_audience()
    {
        var result = await Verifier().VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now, audience: "historian"));

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.WrongAudience, result.Failure);
    }

    [Fact]
    public async Task Any_configured_audience_is_accepted()
    {
        var verifier = Verifier(o => o.Audiences = ["ztfleet-berlin", "ztfleet"]);

        var result = await verifier.VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now));

        Assert.True(result.Verified, result.Failure);
    }

    [Fact]
    public async Task Token_is_accepted_within_the_clock_skew_after_exp_and_expired_beyond_it()
    {
        var verifier = Verifier();
        var token = _idp.Mint(TestIdentityProvider.Claims(Now), Now, lifetime: TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(59));
        Assert.True((await verifier.VerifyAsync(token)).Verified);

        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await verifier.VerifyAsync(token);
        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.Expired, result.Failure);
    }

    [Fact]
    public async Task Token_before_its_nbf_is_not_yet_valid()
    {
        var token = _idp.Mint(TestIdentityProvider.Claims(Now), Now, notBefore: Now + TimeSpan.FromMinutes(2));

        var result = await Verifier().VerifyAsync(token);

        Assert.Equal(MfaFailures.NotYetValid, result.Failure);
    }

    [Fact]
    public async Task Lifetime_is_judged_by_the_injected_clock_not_the_machine_clock()
    {
        // By the machine's clock this token expired years ago; by the injected clock it is two minutes old.
        var past = new FakeTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var token = _idp.Mint(TestIdentityProvider.Claims(past.GetUtcNow()), past.GetUtcNow());
        past.Advance(TimeSpan.FromMinutes(2));
        var verifier = new OidcTokenVerifier(Options.Create(new OidcOptions { Issuers = [_idp.IssuerOptions()] }), past);

        Assert.True((await verifier.VerifyAsync(token)).Verified);
    }

    [Fact]
    public async Task Token_without_auth_time_is_refused_because_freshness_is_unknown()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims.Remove("auth_time");

        var result = await Verifier().VerifyAsync(_idp.Mint(claims, Now));

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.MissingAuthTime, result.Failure);
        Assert.Null(result.AuthTime);
        Assert.Equal("vendor-tech", result.IdentityId);
    }

    [Fact]
    public async Task Auth_time_in_the_future_is_invalid()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims["auth_time"] = (Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();

        var result = await Verifier().VerifyAsync(_idp.Mint(claims, Now));

        Assert.Equal(MfaFailures.InvalidAuthTime, result.Failure);
    }

    [Fact]
    public async Task Password_only_login_authenticates_but_is_flagged_no_mfa()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims["amr"] = new[] { "pwd" };

        var result = await Verifier().VerifyAsync(_idp.Mint(claims, Now));

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.NoMfa, result.Failure);
        Assert.Equal("vendor-tech", result.IdentityId);
        Assert.Equal(Start - TimeSpan.FromMinutes(2), result.AuthTime);
        Assert.Equal("oidc:pwd", result.Method);
    }

    [Fact]
    public async Task Token_without_amr_is_no_mfa()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims.Remove("amr");

        var result = await Verifier().VerifyAsync(_idp.Mint(claims, Now));

        Assert.Equal(MfaFailures.NoMfa, result.Failure);
        Assert.Equal("oidc", result.Method);
        Assert.Empty(result.Amr);
    }

    [Fact]
    public async Task Amr_given_as_a_single_string_is_read()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims["amr"] = "mfa";

        var result = await Verifier().VerifyAsync(_idp.Mint(claims, Now));

        Assert.True(result.Verified, result.Failure);
        Assert.Equal(["mfa"], result.Amr);
        Assert.Equal("oidc:mfa", result.Method);
    }

    [Fact]
    public async Task An_acr_the_operator_declared_as_mfa_counts_when_amr_shows_one_factor()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims["amr"] = new[] { "pwd" };
        claims["acr"] = "gold";

        Assert.Equal(MfaFailures.NoMfa, (await Verifier().VerifyAsync(_idp.Mint(claims, Now))).Failure);
        Assert.True((await Verifier(o => o.MfaAcrValues = ["gold"]).VerifyAsync(_idp.Mint(claims, Now))).Verified);
    }

    [Fact]
    public async Task Identity_comes_from_the_configured_claim()
    {
        var claims = TestIdentityProvider.Claims(Now);
        claims["sub"] = "9F2C41D7-5B0E-4C5A-8A43-0B6F1E2D3C4B";
        claims["preferred_username"] = "maint-eng-4";
        var token = _idp.Mint(claims, Now);

        var bySub = await Verifier().VerifyAsync(token);
        var byUsername = await Verifier(o => o.IdentityClaim = "preferred_username").VerifyAsync(token);

        Assert.Equal(MfaFailures.UnmappedIdentity, bySub.Failure);
        Assert.Null(bySub.IdentityId);
        Assert.True(byUsername.Verified, byUsername.Failure);
        Assert.Equal("maint-eng-4", byUsername.IdentityId);
    }

    [Fact]
    public async Task Token_without_the_identity_claim_is_missing_identity()
    {
        var result = await Verifier(o => o.IdentityClaim = "ztfleet_id").VerifyAsync(_idp.Mint(TestIdentityProvider.Claims(Now), Now));

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.MissingIdentity, result.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.!!!.sig")]
    public async Task Garbage_is_malformed_without_an_exception(string token)
    {
        var result = await Verifier().VerifyAsync(token);

        Assert.False(result.Verified);
        Assert.Equal(MfaFailures.Malformed, result.Failure);
    }

    [Theory]
    [InlineData(true, "pwd", "otp")]
    [InlineData(true, "hwk")]
    [InlineData(true, "pwd", "swk")]
    [InlineData(true, "face")]
    [InlineData(true, "mca")]
    [InlineData(true, "pwd", "pin")]
    [InlineData(false, "pin")]
    [InlineData(false, "pwd")]
    [InlineData(false, "pwd", "kba")]
    [InlineData(false, "OTP")]
    [InlineData(false)]
    public void Amr_shows_mfa_only_with_a_second_factor(bool expected, params string[] amr) =>
        Assert.Equal(expected, AmrFactors.IsMultiFactor(amr));
}
