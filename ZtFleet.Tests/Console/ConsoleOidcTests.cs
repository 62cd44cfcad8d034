using Microsoft.Playwright;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ZtFleet.Tests.WebConsole;

/// <summary>
/// Sign-in to the console with an OpenID Connect provider (the in-test <see cref="OidcIssuer"/>): the authorization
/// code flow with PKCE in a real browser, and the API accepting the provider's access token the console presents.
/// </summary>
public sealed class ConsoleOidcTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly OidcIssuer _issuer = new() { User = new OidcTestUser("oidc-planner", "plant-admin", "berlin") };
    private ApiServer? _api;
    private ConsoleServer? _console;

    static ConsoleOidcTests() => SetDefaultExpectTimeout(20_000);

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        await _issuer.InitializeAsync();
        _api = new ApiServer { ApiConfiguration = _issuer.ApiConfiguration() };
        await _api.InitializeAsync();
        await _api.ApplyAsync(TestFleets.TwoPlants);
        // No development sign-in, only the provider. (Development all the same: a console run from its build output,
        // not published, finds its framework script only through the Development static web assets manifest.)
        _console = await ConsoleServer.StartAsync(_api, "Development", new Dictionary<string, string?>
        {
            ["ZtFleet:Console:DevelopmentSignIn:Enabled"] = "false",
            ["ZtFleet:Console:Oidc:Authority"] = _issuer.Authority,
            ["ZtFleet:Console:Oidc:ClientId"] = OidcIssuer.ConsoleClientId,
            ["ZtFleet:Console:Oidc:RequireHttpsMetadata"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _issuer.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_user_signs_in_with_the_provider_by_code_flow_with_PKCE_and_the_API_accepts_their_token()
    {
        Chromium.Require();
        var page = await chromium.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);

        // Not signed in: the console sends the browser to the provider, which comes back with a code.
        await page.GotoAsync($"{_console!.Address}/plants/berlin/assets");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("oidc-planner");
        Assert.Equal($"{_console.Address}/plants/berlin/assets", page.Url);

        // The assets come from the API, which accepted the provider's access token for a plant admin of berlin.
        await Expect(page.Locator("[data-asset='plc-1']")).ToContainTextAsync("Press PLC");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, "console-oidc-signed-in.png") });

        var authorization = _issuer.LastAuthorizationRequest;
        Assert.Equal("code", authorization["response_type"]);
        Assert.Equal("S256", authorization["code_challenge_method"]);
        Assert.Equal(OidcIssuer.ConsoleClientId, authorization["client_id"]);
        Assert.Equal($"{_console.Address}/signin/oidc/callback", authorization["redirect_uri"]);
        Assert.False(string.IsNullOrEmpty(authorization["state"]));
        Assert.False(string.IsNullOrEmpty(authorization["nonce"]));

        // Only the one-time code travels in a URL; tokens never do, nor reach the page.
        Assert.All(urls, url => Assert.DoesNotContain("eyJ", url, StringComparison.Ordinal));
        Assert.DoesNotContain("eyJ", await page.ContentAsync(), StringComparison.Ordinal);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ZtFleet.WebConsole.Hosting.ConsoleHosting.CookieName);
        Assert.True(cookie.HttpOnly);

        // A plant admin of berlin sees nothing of austin: the API decides, with the provider's claims.
        await page.GotoAsync($"{_console.Address}/plants/austin/assets");
        await Expect(page.GetByTestId("error")).ToContainTextAsync("Not found");
        await page.Context.DisposeAsync();
    }
}
