using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ZtFleet.Tests.AppHost;

/// <summary>
/// Starts the real AppHost (DCP, the silo and API processes) without PostgreSQL, as on a machine without the
/// server binaries, and talks to the API over gRPC like a PEP would.
/// </summary>
/// <remarks>
/// Ports are chosen free for each run and passed as configuration: the AppHost pins them (not proxied), so the
/// testing builder's port randomisation does not apply and a running <c>dotnet run --project ZtFleet.AppHost</c>
/// must not collide with this test.
/// </remarks>
public sealed class AppHostSmokeTests
{
    // The AppHost starts three processes (silo, API, web console) one after the other.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AppHost_without_PostgreSQL_runs_one_in_memory_silo_and_a_serving_api()
    {
        using var timeout = new CancellationTokenSource(Budget);
        var apiPort = FreePort();
        var consolePort = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ZtFleet_AppHost>(
            [
                "ZtFleet:Postgres:Enabled=false",
                $"ZtFleet:Api:Port={apiPort}",
                $"ZtFleet:Console:Port={consolePort}",
                $"ZtFleet:Cluster:FirstSiloPort={FreePort()}",
                $"ZtFleet:Cluster:FirstGatewayPort={FreePort()}",
            ],
            timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);

        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name).ToList();
        Assert.Contains("silo-1", resources);
        Assert.DoesNotContain("silo-2", resources);
        Assert.DoesNotContain("pg", resources);
        Assert.Contains("console", resources);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{apiPort}");
        var health = await new Health.HealthClient(channel)
            .CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        // The web console starts beside the API and offers its sign-in page.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("console", timeout.Token);
        using var http = new HttpClient();
        var signIn = await http.GetAsync($"http://127.0.0.1:{consolePort}/signin", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
