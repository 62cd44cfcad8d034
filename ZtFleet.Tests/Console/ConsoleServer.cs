using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.WebConsole.Hosting;

namespace ZtFleet.Tests.WebConsole;

/// <summary>
/// The web console in this test process, hosted as its Program hosts it (<see cref="ConsoleHosting"/>) on a loopback
/// Kestrel port (a real browser needs a real socket), talking to an <see cref="ApiServer"/> over gRPC.
/// </summary>
internal sealed class ConsoleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConsoleServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The console's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    /// <summary>
    /// Starts a console for <paramref name="api"/> in <paramref name="environment"/>; in Development with the development
    /// sign-in offering admin (fleet admin), alice and bob (approvers at berlin), signing with the API's test key.
    /// </summary>
    public static async Task<ConsoleServer> StartAsync(ApiServer api, string environment = "Development", IDictionary<string, string?>? configuration = null)
    {
        var port = ApiServer.FreePort();
        var address = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleHosting).Assembly.GetName().Name,
            EnvironmentName = environment,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = address,
            ["ZtFleet:Console:ApiAddress"] = $"http://127.0.0.1:{api.Port.ToString(CultureInfo.InvariantCulture)}",
            ["ZtFleet:Console:PropagationRefresh"] = "00:00:00.200",
            ["ZtFleet:Auth:SigningKey"] = environment == "Development" ? ApiServer.SigningKey : null,
            ["ZtFleet:Console:DevelopmentSignIn:Enabled"] = environment == "Development" ? "true" : "false",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:0:Subject"] = "admin",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:0:Role"] = "fleet-admin",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:1:Subject"] = "alice",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:1:Role"] = "approver",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:1:Plants:0"] = "berlin",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:2:Subject"] = "bob",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:2:Role"] = "approver",
            ["ZtFleet:Console:DevelopmentSignIn:Identities:2:Plants:0"] = "berlin",
        });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.AddZtFleetConsole();
        var app = builder.Build();
        app.MapZtFleetConsole();
        await app.StartAsync();
        return new ConsoleServer(app, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
