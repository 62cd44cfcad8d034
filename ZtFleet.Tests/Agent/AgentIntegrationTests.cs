extern alias agent;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.Hosting;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Agent;

/// <summary>The agent against the real API in process (silo + gRPC server), with a recording applier instead of nft.</summary>
public sealed class AgentIntegrationTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();
    private string _directory = null!;

    private EnforcementService.EnforcementServiceClient Enforcement => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(AgentFleets.ReadOnly);

        // Made last: a failed start leaves nothing behind.
        _directory = Directory.CreateTempSubdirectory("ztfleet-agent-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_agent_enrolls_watches_and_acknowledges_and_after_a_restart_uses_its_stored_credential()
    {
        var token = await Enforcement.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "line-gw-1", PlantId = AgentFleets.Plant, ZoneIds = { "control" } },
            _server.As(Role.FleetAdmin));

        string ruleset;
        await using (var agent = await StartAgentAsync(token.EnrollmentToken))
        {
            await WaitForAckAsync(await CurrentEpochAsync());
            var changed = await LockTechnicianAsync("first");
            await WaitForAckAsync(changed);

            // Nothing stored yet: it started fail-closed, held until it had caught up. The stream's first message
            // carried the control zone's ruleset: applied once the agent was in step, and its hash acknowledged.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            GetPropagationStatusResponse status;
            while (string.IsNullOrEmpty((status = await Enforcement.GetPropagationStatusAsync(
                       new GetPropagationStatusRequest { PlantId = AgentFleets.Plant }, _server.As(Role.Auditor))).EnforcementPoints.Single().RulesetSha256))
            {
                Assert.True(DateTime.UtcNow < deadline, "the agent never acknowledged a ruleset hash");
                await Task.Delay(50);
            }

            Assert.Equal(2, agent.Applier.Applied.Count);
            Assert.StartsWith("# ZtFleet fail-closed ruleset", agent.Applier.Applied[0], StringComparison.Ordinal);
            ruleset = agent.Applier.Applied[1];
            Assert.Contains("table inet ztfleet", ruleset, StringComparison.Ordinal);
            Assert.Equal(RulesetInstaller.Sha256(ruleset), status.EnforcementPoints.Single().RulesetSha256);
        }

        var credential = Path.Combine(_directory, CredentialStore.FileName);
        Assert.True(FileModes.IsOwnerOnly(credential));
        var changedWhileDown = await UnlockTechnicianAsync();

        // The token was used once; the restarted agent does not enroll again (it would be refused) but watches with its credential.
        await using (var agent = await StartAgentAsync(token.EnrollmentToken))
        {
            await WaitForAckAsync(changedWhileDown);
            Assert.Equal(AgentExitCodes.Stopped, agent.Exit.Code);

            // Before it reached the control plane it put the ruleset it had applied before the restart back in force.
            Assert.Equal(ruleset, agent.Applier.Applied[0]);
        }
    }

    [Fact]
    public async Task A_bad_enrollment_token_stops_the_agent_with_its_exit_code()
    {
        await using var agent = await StartAgentAsync("not-a-token");

        await agent.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AgentExitCodes.EnrollmentRefused, agent.Exit.Code);
        Assert.False(File.Exists(Path.Combine(_directory, CredentialStore.FileName)));
    }

    private async Task<long> CurrentEpochAsync() =>
        (await Enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = AgentFleets.Plant }, _server.As(Role.Auditor))).Epoch;

    private async Task<long> LockTechnicianAsync(string reason) =>
        (await new AccessService.AccessServiceClient(_server.Channel).LockIdentityAsync(
            new LockIdentityRequest { IdentityId = "tech", Reason = reason }, _server.As(Role.FleetAdmin))).Epochs.Single().Epoch;

    private async Task<long> UnlockTechnicianAsync() =>
        (await new AccessService.AccessServiceClient(_server.Channel).UnlockIdentityAsync(
            new UnlockIdentityRequest { IdentityId = "tech" }, _server.As(Role.FleetAdmin))).Epochs.Single().Epoch;

    private async Task WaitForAckAsync(long epoch)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var status = await Enforcement.GetPropagationStatusAsync(
                new GetPropagationStatusRequest { PlantId = AgentFleets.Plant, Epoch = epoch }, _server.As(Role.Auditor));
            var point = status.EnforcementPoints.SingleOrDefault(p => p.EnforcementPointId == "line-gw-1");
            if (point is { Behind: false, Silent: false })
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the agent did not acknowledge epoch {epoch}: {point}");
            await Task.Delay(50);
        }
    }

    private async Task<RunningAgent> StartAgentAsync(string enrollmentToken)
    {
        var options = new AgentOptions
        {
            Api = new Uri("http://127.0.0.1"),
            StateDirectory = _directory,
            EnrollmentToken = enrollmentToken,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        AgentHost.AddAgent(builder.Services, options, new StateDirectory(_directory));
        builder.Services.AddSingleton<IControlPlane>(_ => new GrpcControlPlane(_server.Channel));
        var applier = new RecordingApplier();
        builder.Services.AddSingleton<IRulesetApplier>(applier);
        var host = builder.Build();
        await host.StartAsync();
        return new RunningAgent(host, applier);
    }

    private sealed class RunningAgent(IHost host, RecordingApplier applier) : IAsyncDisposable
    {
        public RecordingApplier Applier => applier;

        public AgentExit Exit => host.Services.GetRequiredService<AgentExit>();

        public Task Stopped => host.WaitForShutdownAsync();

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
