using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// The external issuer's settings: a role map from group names, other claim names, an issuer that cannot be reached
/// (UNAVAILABLE, not UNAUTHENTICATED), and the start-up checks of <see cref="OidcOptions"/>.
/// </summary>
public sealed class OidcMappingTests : IAsyncLifetime
{
    private readonly OidcIssuer _issuer = new();

    public Task InitializeAsync() => _issuer.InitializeAsync();

    public Task DisposeAsync() => _issuer.DisposeAsync();

    [Fact]
    public async Task Groups_map_to_a_role_and_another_claim_names_the_caller()
    {
        var validator = Validator(new OidcOptions
        {
            Authority = _issuer.Authority,
            SubjectClaim = "email",
            RoleClaim = "groups",
            PlantsClaim = "sites",
            RoleValues = new() { ["ot-approvers"] = "approver", ["ot-admins"] = "fleet-admin" },
        });
        var user = new OidcTestUser("0b5e-opaque-id", "ignored") { Claims = new Dictionary<string, object> { ["email"] = "li@example.com", ["groups"] = new[] { "everyone", "ot-approvers" }, ["sites"] = new[] { "austin" } } };

        var (caller, problem, _) = await validator.ValidateAsync(new JsonWebToken(_issuer.IssueAccessToken(user)), default);

        Assert.Null(problem);
        Assert.Equal(("li@example.com", Role.Approver), (caller!.Subject, caller.Role));
        Assert.Equal(["austin"], caller.Plants.Select(p => p.Value));
    }

    [Fact]
    public async Task With_a_role_map_a_role_name_not_in_it_grants_nothing()
    {
        var validator = Validator(new OidcOptions { Authority = _issuer.Authority, RoleValues = new() { ["ot-admins"] = "fleet-admin" } });

        var (caller, problem, _) = await validator.ValidateAsync(new JsonWebToken(_issuer.IssueAccessToken(new OidcTestUser("x", "fleet-admin"))), default);

        Assert.Null(caller);
        Assert.Contains("grants no ZtFleet role", problem);
    }

    [Fact]
    public async Task An_issuer_whose_keys_cannot_be_fetched_makes_its_tokens_unavailable_not_unauthenticated()
    {
        var token = new JsonWebToken(_issuer.IssueAccessToken());
        var validator = Validator(new OidcOptions { Authority = $"http://127.0.0.1:{ApiServer.FreePort()}" });

        var refused = await Assert.ThrowsAsync<TemporarilyUnavailableException>(() => validator.ValidateAsync(token, default));
        Assert.Contains("its keys could not be fetched", refused.Message);
    }

    [Fact]
    public async Task A_discovery_document_naming_another_issuer_is_not_trusted()
    {
        // The authority with a trailing path is another URL than the issuer the document names.
        var validator = Validator(new OidcOptions { Authority = _issuer.Authority + "/tenant", MetadataAddress = $"{_issuer.Authority}/.well-known/openid-configuration" });

        var refused = await Assert.ThrowsAsync<TemporarilyUnavailableException>(() => validator.ValidateAsync(new JsonWebToken(_issuer.IssueAccessToken()), default));
        Assert.Contains("not the configured authority", refused.Message);
    }

    public static TheoryData<string, string, string?> Settings => new()
    {
        { "http://idp.example.com", "Production", "must use https" },
        { "http://idp.example.com", "Development", null },
        { "http://127.0.0.1:8080", "Production", null },
        { "https://idp.example.com/realms/ot", "Production", null },
        { "idp.example.com", "Production", "absolute https URL" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_authority_must_be_https_outside_loopback_and_Development(string authority, string environment, string? failure)
    {
        var result = new OidcOptionsValidator(Environment(environment)).Validate(null, new OidcOptions { Authority = authority });

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.Contains(failure, result.FailureMessage);
        }
    }

    [Fact]
    public void A_role_map_may_name_only_the_roles_of_people()
    {
        var result = new OidcOptionsValidator(Environment("Production")).Validate(null, new OidcOptions
        {
            Authority = "https://idp.example.com",
            RoleValues = new() { ["robots"] = "enforcement-point" },
        });

        Assert.Contains("RoleValues:robots", result.FailureMessage);
    }

    private static OidcTokenValidator Validator(OidcOptions options)
    {
        var wrapped = Options.Create(options);
        var keys = new OidcSigningKeys(wrapped, new PlainHttpClients(), Environment("Production"), NullLogger<OidcSigningKeys>.Instance);
        return new OidcTokenValidator(wrapped, keys, ControlPlaneClock.Machine);
    }

    private static IHostEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name };

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(5) };
    }
}
