using System.Text.Json;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Cli;

/// <summary>
/// <c>ztfleet login --oidc</c> as a process: the OAuth 2.0 device authorization grant against the in-test issuer, the
/// stored tokens used and refreshed against a real API that accepts the issuer's tokens.
/// </summary>
public sealed class CliOidcTests : IAsyncLifetime, IDisposable
{
    // Shorter than the minute before expiry at which the CLI refreshes: every command refreshes first.
    private readonly OidcIssuer _issuer = new() { AccessTokenLifetime = TimeSpan.FromSeconds(50) };
    private readonly Ztfleet _cli = new();
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        await _issuer.InitializeAsync();
        _server = new ApiServer { ApiConfiguration = _issuer.ApiConfiguration() };
        await _server.InitializeAsync();
        await _server.ApplyAsync(CliFixture.Fleet);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Device_login_prints_the_code_stores_the_tokens_and_refreshes_them()
    {
        var login = _cli.RunAsync(
            "login", "--oidc", "--issuer", _issuer.Authority, "--client-id", OidcIssuer.CliClientId, "--server", $"http://127.0.0.1:{_server.Port}");
        var userCode = await _issuer.NextUserCodeAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(_issuer.ApproveUserCode(userCode, new OidcTestUser("dana", "plant-admin", "berlin")));
        var run = await login;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"To sign in, open {_issuer.Authority}/device and enter the code {userCode}", run.Error, StringComparison.Ordinal);
        Assert.Contains("Logged in to", run.Error, StringComparison.Ordinal);
        var stored = JsonDocument.Parse(File.ReadAllText(_cli.ConfigPath)).RootElement.GetProperty("oidc");
        var firstRefresh = stored.GetProperty("refreshToken").GetString();
        Assert.False(string.IsNullOrEmpty(firstRefresh));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigPath));
        }

        var whoami = await _cli.RunAsync("whoami", "-o", "json");
        var plants = await _cli.RunAsync("fleet", "plants");

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        var me = JsonDocument.Parse(whoami.Output).RootElement;
        Assert.Equal(("dana", "plant-admin", "berlin", _issuer.Authority), (me.GetProperty("subject").GetString(), me.GetProperty("role").GetString(), me.GetProperty("plants").GetString(), me.GetProperty("issuer").GetString()));
        Assert.True(plants.ExitCode == 0, plants.ToString());
        Assert.Equal(["berlin"], plants.Lines.Skip(1).Select(l => l.Split(' ')[0]));
        var refreshed = JsonDocument.Parse(File.ReadAllText(_cli.ConfigPath)).RootElement.GetProperty("oidc").GetProperty("refreshToken").GetString();
        Assert.NotEqual(firstRefresh, refreshed);
    }

    [Fact]
    public async Task A_denied_sign_in_stores_nothing_and_exits_3()
    {
        var login = _cli.RunAsync(
            "login", "--oidc", "--issuer", _issuer.Authority, "--client-id", OidcIssuer.CliClientId, "--server", $"http://127.0.0.1:{_server.Port}");
        Assert.True(_issuer.DenyUserCode(await _issuer.NextUserCodeAsync().WaitAsync(TimeSpan.FromMinutes(1))));
        var run = await login;

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("The sign-in was denied at the issuer.", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.ConfigPath));
    }
}
