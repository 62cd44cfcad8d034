using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Response;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Tests.Grains.Response;

/// <summary>
/// A test cluster (memory mode, fake control-plane clock) whose response settings the tests set, whose export outbox
/// they read, and whose webhooks are recorded instead of sent.
/// </summary>
public sealed class ResponseClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public static FixedResponseSettings Settings { get; } = new(ResponseSettings.Default);

    public static InMemoryExportOutbox Outbox { get; } = new();

    public static RecordingWebhook Webhooks { get; } = new();

    public TestCluster Cluster { get; } = TestClusters.Build<ResponseClusterFixture>();

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<IResponseSettingsSource>(Settings);
        services.AddSingleton<IExportOutbox>(Outbox);
        services.AddSingleton<IResponseWebhook>(Webhooks);
    }

    /// <summary>Adds playbooks to the settings every test shares (each test scopes its playbooks to its own plant).</summary>
    public static void Add(params Playbook[] playbooks)
    {
        lock (Settings)
        {
            Settings.Settings = Settings.Settings with { Playbooks = [.. Settings.Settings.Playbooks, .. playbooks] };
        }
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Webhook calls, kept.</summary>
    public sealed class RecordingWebhook : IResponseWebhook
    {
        public System.Collections.Concurrent.ConcurrentQueue<(Uri Url, string Json)> Calls { get; } = new();

        public Task PostAsync(Uri url, string json, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue((url, json));
            return Task.CompletedTask;
        }
    }
}
