using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
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
    // The AppHost starts three processes (silo, API, web console) one after the other. Waits end as soon as their
    // condition holds; the budget only bounds a run on a machine under heavy load.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    /// <summary>The two commands each run the API's token command with <c>dotnet run</c>: a few seconds each on a busy machine.</summary>
    private static readonly TimeSpan CommandBudget = TimeSpan.FromSeconds(180);

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
        var silo = await app.ResourceNotifications.WaitForResourceHealthyAsync("silo-1", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);

        // Everything the silo wrote from its start (the log of its process, by its instance id, is replayed to a
        // new watcher), to show it logs no error while the AppHost probes it.
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var siloLog = new ConcurrentQueue<LogLine>();
        var siloStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = WatchAsync(app.Services.GetRequiredService<ResourceLoggerService>(), silo.ResourceId, siloLog, siloStarted, stopWatching.Token);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{apiPort}");
        var health = await new Health.HealthClient(channel)
            .CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        // The web console starts beside the API and offers its sign-in page.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("console", timeout.Token);
        using var http = new HttpClient();
        var signIn = await http.GetAsync($"http://127.0.0.1:{consolePort}/signin", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        // The host's "Application started" comes after the silo joined; the probes ran before and after it.
        await siloStarted.Task.WaitAsync(timeout.Token);
        await stopWatching.CancelAsync();
        await watching;
        // Console lines carry colour escapes around the level ("\e[41m\e[30mfail\e[39m\e[22m\e[49m: ...").
        var lines = siloLog.Select(line => Regex.Replace(line.Content, @"\x1b\[[0-9;]*m", string.Empty)).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("ConnectionAbortedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_offers_commands_that_print_an_admin_token_and_apply_the_demo_fleet()
    {
        using var timeout = new CancellationTokenSource(CommandBudget);
        var apiPort = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ZtFleet_AppHost>(
            [
                "ZtFleet:Postgres:Enabled=false",
                $"ZtFleet:Api:Port={apiPort}",
                $"ZtFleet:Console:Port={FreePort()}",
                $"ZtFleet:Cluster:FirstSiloPort={FreePort()}",
                $"ZtFleet:Cluster:FirstGatewayPort={FreePort()}",
            ],
            timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token);
        var commands = app.Services.GetRequiredService<ResourceCommandService>();

        var token = await commands.ExecuteCommandAsync("api", "admin-token", timeout.Token);
        var applied = await commands.ExecuteCommandAsync("api", "apply-demo-fleet", timeout.Token);

        Assert.True(token.Success, token.Message);
        Assert.Equal(3, token.Data!.Value.Split('.').Length);
        Assert.True(applied.Success, applied.Message);
        // The API applied the demo fleet at start: applying it again changes nothing.
        Assert.Contains("nothing changed", applied.Message, StringComparison.Ordinal);
    }

    private static async Task WatchAsync(
        ResourceLoggerService logs, string resource, ConcurrentQueue<LogLine> into, TaskCompletionSource started, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(cancellationToken))
            {
                foreach (var line in batch)
                {
                    into.Enqueue(line);
                    if (line.Content.Contains("Application started", StringComparison.Ordinal))
                    {
                        started.TrySetResult();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
