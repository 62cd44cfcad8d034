using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// The whole path on one machine, for real: the API and a silo in this process; the enforcement agent as a child
/// process in a gateway network namespace, applying the control plane's nftables rulesets and running its Modbus/TCP
/// proxy; a real Modbus server (npm modbus-serial) in a PLC namespace and a real Modbus client in an HMI namespace.
/// </summary>
public sealed class EnforcementEndToEndTests(ITestOutputHelper output)
{
    private const int ProxyPort = 5020;
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task Conduits_pass_through_the_gateway_and_a_modbus_write_needs_a_grant_whose_revocation_closes_the_session()
    {
        HostPrerequisite.Require(HostTools.MissingPrerequisite());
        await ModbusPeers.InstallAsync();
        var state = Directory.CreateTempSubdirectory("ztfleet-e2e-agent-");
        using var lab = NetworkLab.Create();
        await using var server = new ApiServer { AdditionalAddress = lab.ManagementRootAddress };
        LabProcess? agent = null;
        LabProcess? plc = null;
        LabProcess? hmi = null;
        try
        {
            await server.InitializeAsync();
            await new FleetService.FleetServiceClient(server.Channel)
                .ApplyFleetAsync(new ApplyFleetRequest { Document = EndToEndFleet.Document }, server.As(Role.FleetAdmin));
            var enforcement = new EnforcementService.EnforcementServiceClient(server.Channel);

            plc = lab.Start("plc", lab.Plc, HostTools.Node!, [ModbusPeers.PlcScript, "0.0.0.0", $"{EndToEndFleet.HttpsPort}", $"{EndToEndFleet.ClosedPort}"]);
            await plc.NextJsonAsync(json => (string?)json["event"] == "ready");

            // The agent enrolls with a one-time token for the control zone's boundary and runs in the gateway.
            var token = await enforcement.CreateEnrollmentTokenAsync(
                new CreateEnrollmentTokenRequest { EnforcementPointId = "line-gw", PlantId = EndToEndFleet.Plant, ZoneIds = { "control" }, Name = "line gateway" },
                server.As(Role.FleetAdmin));
            agent = lab.Start("agent", lab.Gateway, "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "ZtFleet.Agent.dll"),
                "--api", $"http://{lab.ManagementRootAddress}:{server.Port}",
                "--state-dir", state.FullName,
                "--enrollment-token", token.EnrollmentToken,
                "--modbus-proxy-port", $"{ProxyPort}",
                "--nft", HostTools.Nft!,
                "--heartbeat-seconds", "1",
                "--lease-seconds", "4",
                "--log-level", "Debug",
            ]);
            await WaitForAgentAsync(server, agent, await CurrentEpochAsync(server));
            var ruleset = await AppliedRulesetAsync(lab, agent);
            Assert.Contains($"redirect to :{ProxyPort}", ruleset, StringComparison.Ordinal);

            // The agent reports the hash of what it applied, and it is the hash of the text it keeps as the last applied.
            var status = await enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = EndToEndFleet.Plant }, server.As(Role.Auditor));
            var applied = File.ReadAllText(Path.Combine(state.FullName, "ruleset.nft"));
            Assert.Equal(Sha256(applied), status.EnforcementPoints.Single().RulesetSha256);

            hmi = lab.Start("hmi", lab.Hmi, HostTools.Node!, [ModbusPeers.HmiScript, NetworkLab.PlcAddress, "2000"]);

            // Plain conduit traffic is forwarded; a port no conduit opens is dropped.
            Assert.Equal($"hello {EndToEndFleet.HttpsPort}", (string?)Ok(await hmi.CallAsync(new { op = "tcp", port = EndToEndFleet.HttpsPort }))["data"]);
            var closed = await hmi.CallAsync(new { op = "tcp", port = EndToEndFleet.ClosedPort });
            Assert.False((bool)closed["ok"]!, $"port {EndToEndFleet.ClosedPort} must not pass: {closed}");

            // Through the proxy: reading holding registers passes; a register write without a grant is refused and
            // the register keeps its value.
            Ok(await hmi.CallAsync(new { op = "connect" }));
            Assert.Equal("[100,200]", Ok(await hmi.CallAsync(new { op = "read", address = 0, count = 2 }))["data"]!.ToJsonString());
            AssertIllegalFunction(await hmi.CallAsync(new { op = "write", address = 1, value = 99 }));
            Assert.Equal("[100,200]", Ok(await hmi.CallAsync(new { op = "read", address = 0, count = 2 }))["data"]!.ToJsonString());

            // A connection straight to the gateway's proxy port (not redirected by nftables) gets no Modbus service:
            // dropped by the gateway's input chain, or closed by the proxy, which never connects to itself.
            var direct = await hmi.CallAsync(new { op = "probe", host = NetworkLab.HmiGatewayAddress, port = ProxyPort });
            Assert.False((bool?)direct["ok"] == true, $"a direct connection to the proxy port was answered: {direct}");
            Assert.DoesNotContain($"-> {NetworkLab.HmiGatewayAddress}:{ProxyPort} opened", agent.Log, StringComparison.Ordinal);

            // The technician (the HMI's user) gets a temporary write grant on the PLC; the same session may now write.
            var access = new AccessService.AccessServiceClient(server.Channel);
            var now = DateTimeOffset.UtcNow;
            await access.RequestAccessAsync(
                new RequestAccessRequest
                {
                    RequestId = "e2e-write",
                    IdentityId = EndToEndFleet.Technician,
                    PlantId = EndToEndFleet.Plant,
                    Operations = { Operation.Write },
                    AssetIds = { EndToEndFleet.Plc },
                    NotBefore = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)),
                    NotAfter = Timestamp.FromDateTimeOffset(now.AddHours(1)),
                    Justification = "recalibrate the press setpoints",
                },
                server.AsSubject("planner", Role.PlantAdmin, EndToEndFleet.Plant));
            var approved = await access.ApproveAccessAsync(
                new ApproveAccessRequest { RequestId = "e2e-write" }, server.AsSubject("alice", Role.Approver, EndToEndFleet.Plant));
            Assert.Equal(AccessRequestStatus.Active, approved.Status);
            await WaitForAgentAsync(server, agent, EpochOf(approved.Epochs));

            Ok(await hmi.CallAsync(new { op = "write", address = 1, value = 42 }));
            await plc.NextJsonAsync(json => (string?)json["event"] == "write" && (int?)json["value"] == 42);
            Assert.Equal("[100,42]", Ok(await hmi.CallAsync(new { op = "read", address = 0, count = 2 }))["data"]!.ToJsonString());

            // Revoking the grant closes the live session that used the write; a new session's write is refused again.
            var revoked = await access.RevokeAccessAsync(
                new RevokeAccessRequest { RequestId = "e2e-write", Reason = "work done" }, server.AsSubject("alice", Role.Approver, EndToEndFleet.Plant));
            await hmi.NextJsonAsync(json => (string?)json["event"] == "close", Propagation);
            await WaitForAgentAsync(server, agent, EpochOf(revoked.Epochs));
            Ok(await hmi.CallAsync(new { op = "connect" }));
            AssertIllegalFunction(await hmi.CallAsync(new { op = "write", address = 1, value = 7 }));
            Assert.Equal("[100,42]", Ok(await hmi.CallAsync(new { op = "read", address = 0, count = 2 }))["data"]!.ToJsonString());

            // The control plane becomes unreachable (the management link is cut). The control zone fails closed (the
            // default): after the lease the proxy closes its sessions and the gateway forwards nothing; when the link is
            // back the last ruleset is applied again.
            lab.SetManagementLink(up: false);
            await hmi.NextJsonAsync(json => (string?)json["event"] == "close", Propagation);
            await UntilAsync(hmi, EndToEndFleet.HttpsPort, passes: false);
            lab.SetManagementLink(up: true);
            await UntilAsync(hmi, EndToEndFleet.HttpsPort, passes: true);

            // An established HTTPS connection stops passing once a change removes its conduit: only reply packets
            // ride on conntrack state, the client's packets must match a conduit every time.
            Ok(await hmi.CallAsync(new { op = "open", port = EndToEndFleet.HttpsPort }));
            Assert.Equal("echo before", (string?)Ok(await hmi.CallAsync(new { op = "send", text = "before" }))["data"]);
            var removed = await new FleetService.FleetServiceClient(server.Channel)
                .ApplyFleetAsync(new ApplyFleetRequest { Document = EndToEndFleet.DocumentWithoutHttps }, server.As(Role.FleetAdmin));
            await WaitForAgentAsync(server, agent, EpochOf(removed.Epochs));
            var after = await hmi.CallAsync(new { op = "send", text = "after" });
            Assert.False((bool?)after["ok"] == true, $"the established connection still passes after its conduit was removed: {after}");
        }
        finally
        {
            foreach (var process in new[] { agent, plc, hmi })
            {
                if (process is not null)
                {
                    process.Stop(TimeSpan.FromSeconds(3));
                    output.WriteLine($"----- {process.Name} -----\n{process.Log}");
                }
            }

            state.Delete(recursive: true);
        }
    }

    private static async Task<long> CurrentEpochAsync(ApiServer server) =>
        (await new EnforcementService.EnforcementServiceClient(server.Channel).GetPropagationStatusAsync(
            new GetPropagationStatusRequest { PlantId = EndToEndFleet.Plant }, server.As(Role.Auditor))).Epoch;

    private static long EpochOf(IEnumerable<PlantEpoch> epochs) => epochs.Single(e => e.PlantId == EndToEndFleet.Plant).Epoch;

    /// <summary>
    /// Waits until the agent has acknowledged <paramref name="epoch"/> with a ruleset in force (it acknowledges once
    /// applied; a fail-closed agent, as at its first start, acknowledges its ruleset's hash once it is restored).
    /// </summary>
    private static async Task WaitForAgentAsync(ApiServer server, LabProcess agent, long epoch)
    {
        var enforcement = new EnforcementService.EnforcementServiceClient(server.Channel);
        var deadline = DateTime.UtcNow + Propagation;
        while (true)
        {
            Assert.False(agent.HasExited, $"the agent exited ({(agent.HasExited ? agent.ExitCode : 0)}):\n{agent.Log}");
            var status = await enforcement.GetPropagationStatusAsync(
                new GetPropagationStatusRequest { PlantId = EndToEndFleet.Plant, Epoch = epoch }, server.As(Role.Auditor));
            if (status.EnforcementPoints.SingleOrDefault(p => p.EnforcementPointId == "line-gw") is { Behind: false, RulesetSha256.Length: > 0 })
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the agent did not acknowledge epoch {epoch} within {Propagation}:\n{agent.Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>The gateway's table inet ztfleet, once the agent has applied a ruleset from the control plane.</summary>
    private static async Task<string> AppliedRulesetAsync(NetworkLab lab, LabProcess agent)
    {
        var deadline = DateTime.UtcNow + Propagation;
        while (true)
        {
            try
            {
                return lab.Exec(lab.Gateway, HostTools.Nft!, "list", "table", "inet", "ztfleet");
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(
                    $"the agent applied no ruleset within {Propagation} (does the API's Watch send rulesets?): {ex.Message}\n{agent.Log}", ex);
            }
        }
    }

    /// <summary>Tries the PLC's plain TCP port from the HMI until it passes, or does not, as expected.</summary>
    private static async Task UntilAsync(LabProcess hmi, int port, bool passes)
    {
        var deadline = DateTime.UtcNow + Propagation;
        while (true)
        {
            var reply = await hmi.CallAsync(new { op = "tcp", port });
            if ((bool?)reply["ok"] == passes)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"port {port} still {(passes ? "does not pass" : "passes")} after {Propagation}: {reply}");
            await Task.Delay(200);
        }
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static JsonObject Ok(JsonObject reply)
    {
        Assert.True((bool?)reply["ok"] == true, $"expected success, got {reply}");
        return reply;
    }

    private static void AssertIllegalFunction(JsonObject reply)
    {
        Assert.False((bool?)reply["ok"] == true, $"expected a Modbus exception, got {reply}");
        Assert.True((int?)reply["modbusCode"] == 1, $"expected exception 1 (illegal function), got {reply}");
    }
}
