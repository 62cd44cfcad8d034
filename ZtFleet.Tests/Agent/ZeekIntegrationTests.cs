extern alias agent;
using System.Globalization;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.Hosting;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Agent.Telemetry;
using agent::ZtFleet.Agent.Zeek;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Monitoring.Zeek;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Agent;

/// <summary>The <c>zeek</c> command against the real API in process: it enrolls, sends, and the API counts what it accepted.</summary>
public sealed class ZeekIntegrationTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(AgentFleets.ReadOnly);
        _directory = Directory.CreateTempSubdirectory("ztfleet-zeek-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_zeek_command_enrolls_and_the_api_accepts_its_transactions_and_flows_once()
    {
        var telemetry = new TelemetryService.TelemetryServiceClient(_server.Channel);

        var token = await new EnforcementService.EnforcementServiceClient(_server.Channel).CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = "zeek-1", PlantId = AgentFleets.Plant }, _server.As(Role.FleetAdmin));

        // Lines stamped now (the API refuses events far from its clock): a conn line, and a legacy ICSNPP request and
        // response that are one transaction.
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string Ts(double offset) => (ts + offset).ToString("F6", CultureInfo.InvariantCulture);
        var input = string.Join('\n',
            $"{{\"_path\":\"conn\",\"ts\":{Ts(0)},\"uid\":\"C1\",\"id.orig_h\":\"{AgentFleets.HmiAddress}\",\"id.orig_p\":40000,\"id.resp_h\":\"{AgentFleets.PlcAddress}\",\"id.resp_p\":502,\"proto\":\"tcp\",\"service\":\"modbus\",\"duration\":0.5,\"orig_bytes\":24,\"resp_bytes\":22,\"orig_pkts\":4,\"resp_pkts\":4}}",
            $"{{\"_path\":\"modbus_detailed\",\"ts\":{Ts(0.1)},\"uid\":\"C1\",\"id.orig_h\":\"{AgentFleets.HmiAddress}\",\"id.orig_p\":40000,\"id.resp_h\":\"{AgentFleets.PlcAddress}\",\"id.resp_p\":502,\"is_orig\":true,\"tid\":1,\"unit\":1,\"func\":\"READ_HOLDING_REGISTERS\",\"request_response\":\"REQUEST\",\"address\":0,\"quantity\":2}}",
            $"{{\"_path\":\"modbus_detailed\",\"ts\":{Ts(0.2)},\"uid\":\"C1\",\"id.orig_h\":\"{AgentFleets.HmiAddress}\",\"id.orig_p\":40000,\"id.resp_h\":\"{AgentFleets.PlcAddress}\",\"id.resp_p\":502,\"is_orig\":false,\"tid\":1,\"unit\":1,\"func\":\"READ_HOLDING_REGISTERS\",\"request_response\":\"RESPONSE\",\"quantity\":2,\"values\":\"100,200\"}}") + "\n";

        using var controlPlane = new GrpcControlPlane(_server.Channel);
        var state = new StateDirectory(Path.Combine(_directory, "state"));
        var exit = await ZeekCommand.RunAsync(
            controlPlane, state, token.EnrollmentToken, [new ZeekInput("-", ZeekLogKind.Unknown)], follow: false,
            new TelemetryOptions { BatchDelay = TimeSpan.FromMilliseconds(50) }, TimeProvider.System, () => new StringReader(input),
            NullLoggerFactory.Instance, NullLogger.Instance, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AgentExitCodes.Stopped, exit);
        Assert.NotNull(new CredentialStore(state).Load());
        var status = await telemetry.GetTelemetryStatusAsync(new GetTelemetryStatusRequest { PlantId = AgentFleets.Plant }, _server.As(Role.FleetAdmin));
        var sender = Assert.Single(status.Senders);
        Assert.Equal(("zeek-1", 2L, 0L), (sender.SenderId, sender.EventsAccepted, sender.EventsRefused));
    }
}
