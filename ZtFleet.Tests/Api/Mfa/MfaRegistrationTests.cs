using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Access.Mfa;

namespace ZtFleet.Tests.Api.Mfa;

public sealed class MfaRegistrationTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);

    private readonly TestIdentityProvider _idp = new();
    private readonly string _jwksPath = Path.Combine(Path.GetTempPath(), $"ztfleet-jwks-{Guid.NewGuid():N}.json");

    public void Dispose()
    {
        _idp.Dispose();
        File.Delete(_jwksPath);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(new ZtFleet.Grains.Hosting.ControlPlaneClock(time));
        }

        services.AddZtFleetMfa(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Issuers_are_bound_from_configuration_with_keys_from_a_jwks_file()
    {
        await File.WriteAllTextAsync(_jwksPath, _idp.JwksJson);
        var time = new FakeTimeProvider(Start);
        using var provider = Build(new()
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksPath"] = _jwksPath,
            ["ZtFleet:Mfa:Oidc:Issuers:0:IdentityClaim"] = "preferred_username",
            ["ZtFleet:Mfa:Oidc:Issuers:0:ClockSkewSeconds"] = "30",
        }, time);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var claims = TestIdentityProvider.Claims(Start);
        claims["preferred_username"] = "night-operator";
        var result = await provider.GetRequiredService<OidcTokenVerifier>().VerifyAsync(_idp.Mint(claims, Start, _idp.Ec));

        Assert.True(result.Verified, result.Failure);
        Assert.Equal("night-operator", result.IdentityId);
        Assert.Equal(30, provider.GetRequiredService<IOptions<OidcOptions>>().Value.Issuers[0].ClockSkewSeconds);
    }

    [Fact]
    public void No_issuers_is_a_valid_configuration()
    {
        using var provider = Build([]);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<OidcTokenVerifier>());
    }

    public static TheoryData<string, string, string> BadIssuers => new()
    {
        { "Audiences:0", "", "Audiences" },
        { "JwksJson", "", "exactly one of JwksJson and JwksPath" },
        { "JwksPath", "/nonexistent/jwks.json", "exactly one of JwksJson and JwksPath" },
        { "ClockSkewSeconds", "3600", "ClockSkewSeconds" },
        { "IdentityClaim", "", "IdentityClaim" },
    };

    [Theory]
    [MemberData(nameof(BadIssuers))]
    public void A_bad_issuer_stops_the_start(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksJson"] = _idp.JwksJson,
        };
        settings[$"ZtFleet:Mfa:Oidc:Issuers:0:{key}"] = value;
        using var provider = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"keys":[{"kty":"oct","kid":"shared","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}""", "only RSA and EC")]
    [InlineData("""{"keys":[]}""", "no usable signing key")]
    [InlineData("not json", "not a valid JSON Web Key Set")]
    public void A_key_set_without_usable_public_keys_stops_the_start(string jwks, string expected)
    {
        using var provider = Build(new()
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksJson"] = jwks,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jwks_with_a_private_key_stops_the_start()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromRSASecurityKey(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = "leaked" });
        var jwks = System.Text.Json.JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = key.Kid, n = key.N, e = key.E, d = key.D, p = key.P, q = key.Q, dp = key.DP, dq = key.DQ, qi = key.QI } } });
        using var provider = Build(new()
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksJson"] = jwks,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("private key material", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jwks_file_that_cannot_be_read_stops_the_start()
    {
        using var provider = Build(new()
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksPath"] = _jwksPath,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("cannot read JwksPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_issuer_twice_stops_the_start()
    {
        using var provider = Build(new()
        {
            ["ZtFleet:Mfa:Oidc:Issuers:0:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:0:Audiences:0"] = TestIdentityProvider.Audience,
            ["ZtFleet:Mfa:Oidc:Issuers:0:JwksJson"] = _idp.JwksJson,
            ["ZtFleet:Mfa:Oidc:Issuers:1:Issuer"] = TestIdentityProvider.Issuer,
            ["ZtFleet:Mfa:Oidc:Issuers:1:Audiences:0"] = "other",
            ["ZtFleet:Mfa:Oidc:Issuers:1:JwksJson"] = _idp.JwksJson,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("configured twice", ex.Message, StringComparison.Ordinal);
    }
}
