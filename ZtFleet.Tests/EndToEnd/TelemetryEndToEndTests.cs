using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// What ZtFleet ingests against an independent dissector of the same traffic: real Modbus/TCP through the agent's
/// proxy in the namespace lab while Debian's <c>tshark</c> captures on the HMI's link; the function codes per
/// (client, server) pair that tshark decodes are the ones the plant's observed flows count. A connection the
/// ruleset drops is reported too.
/// </summary>
public sealed class TelemetryEndToEndTests(ITestOutputHelper output)
{
    private const int ProxyPort = 5020;
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task The_function_codes_per_pair_that_ztfleet_ingested_are_the_ones_tshark_decodes_on_the_wire()
    {
        HostPrerequisite.Require(HostTools.MissingPrerequisite() ?? (HostTools.Tshark is null ? "tshark (Wireshark's dissector) is not installed" : null));
        await ModbusPeers.InstallAsync();
        var state = Directory.CreateTempSubdirectory("ztfleet-e2e-telemetry-");
        var capture = Path.Combine(state.FullName, "hmi.pcapng");
        using var lab = NetworkLab.Create();
        await using var server = new ApiServer { AdditionalAddress = lab.ManagementRootAddress };
        LabProcess? agent = null, plc = null, hmi = null, tshark = null;
        try
        {
            await server.InitializeAsync();
            await new FleetService.FleetServiceClient(server.Channel)
                .ApplyFleetAsync(new ApplyFleetRequest { Document = EndToEndFleet.Document }, server.As(Role.FleetAdmin));
            var enforcement = new EnforcementService.EnforcementServiceClient(server.Channel);

            plc = lab.Start("plc", lab.Plc, HostTools.Node!, [ModbusPeers.PlcScript, "0.0.0.0", $"{EndToEndFleet.HttpsPort}", $"{EndToEndFleet.ClosedPort}"]);
            await plc.NextJsonAsync(json => (string?)json["event"] == "ready");
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
                "--lease-seconds", "10",
                "--telemetry-batch-seconds", "0.2",
                "--drop-poll-seconds", "1",
            ]);
            await WaitForAgentAsync(server, agent);

            // tshark captures on the HMI's own link: the traffic as the HMI sent it, before the gateway redirects it.
            tshark = lab.Start("tshark", lab.Hmi, HostTools.Tshark!, ["-i", lab.HmiLink, "-f", "tcp", "-w", capture]);
            await UntilAsync(() => tshark.Log.Contains("Capturing on", StringComparison.Ordinal), "tshark to start capturing", tshark);

            hmi = lab.Start("hmi", lab.Hmi, HostTools.Node!, [ModbusPeers.HmiScript, NetworkLab.PlcAddress, "2000"]);
            Ok(await hmi.CallAsync(new { op = "connect" }));
            for (var i = 0; i < 5; i++)
            {
                Ok(await hmi.CallAsync(new { op = "read", address = i, count = 2 }));
            }

            for (var i = 0; i < 3; i++)
            {
                Ok(await hmi.CallAsync(new { op = "readInputs", address = 0, count = 3 }));
            }

            Ok(await hmi.CallAsync(new { op = "readCoils", address = 0, count = 8 }));
            Ok(await hmi.CallAsync(new { op = "readCoils", address = 8, count = 8 }));

            // Refused by the proxy (no write grant), and an address the PLC refuses: still requests on the wire.
            Refused(await hmi.CallAsync(new { op = "write", address = 1, value = 99 }));
            Refused(await hmi.CallAsync(new { op = "write", address = 2, value = 98 }));
            Refused(await hmi.CallAsync(new { op = "read", address = 50, count = 1 }));

            // A port no conduit opens: dropped by the gateway's ruleset.
            var closed = await hmi.CallAsync(new { op = "tcp", port = EndToEndFleet.ClosedPort });
            Assert.False((bool)closed["ok"]!, $"port {EndToEndFleet.ClosedPort} must not pass: {closed}");

            await Task.Delay(500); // the last segments reach the capture file
            tshark.Stop(TimeSpan.FromSeconds(5));
            var onTheWire = Dissect(capture);
            output.WriteLine("tshark: " + Describe(onTheWire));
            Assert.Equal(
                new Dictionary<string, long> { ["fc1"] = 2, ["fc3"] = 6, ["fc4"] = 3, ["fc6"] = 2 },
                onTheWire.GetValueOrDefault((NetworkLab.HmiAddress, NetworkLab.PlcAddress)) ?? []);

            // What ZtFleet ingested: the plant's observed flows, once the agent's batches are in.
            var flows = server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IObservedFlowGrain>(EndToEndFleet.Plant);
            Dictionary<(string, string), Dictionary<string, long>> ingested = [];
            IReadOnlyList<ObservedFlow> observed = [];
            var deadline = DateTime.UtcNow + Propagation;
            while (true)
            {
                observed = await flows.ListAsync();
                ingested = Operations(observed);
                if ((Same(ingested, onTheWire) && Dropped(observed) > 0) || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(250);
            }

            output.WriteLine("ZtFleet: " + Describe(ingested));
            Assert.True(Same(ingested, onTheWire), $"function codes per pair differ: tshark {Describe(onTheWire)}; ZtFleet {Describe(ingested)}\n{agent.Log}");
            Assert.True(Dropped(observed) > 0, $"no dropped connection to port {EndToEndFleet.ClosedPort} was ingested: {string.Join("; ", observed.Select(f => f.Key))}\n{agent.Log}");
        }
        finally
        {
            foreach (var process in new[] { tshark, agent, plc, hmi })
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

    /// <summary>
    /// The Modbus/TCP requests in a capture, counted by function code per (client, server): tshark decodes port 502 as
    /// Modbus/TCP; a request is a PDU sent to port 502 (several PDUs in one segment each count); retransmissions are not
    /// counted twice.
    /// </summary>
    private static Dictionary<(string Client, string Server), Dictionary<string, long>> Dissect(string capture)
    {
        var text = HostTools.Run(
            HostTools.Tshark!,
            ["-r", capture, "-d", "tcp.port==502,mbtcp", "-Y", "mbtcp && tcp.dstport == 502 && !tcp.analysis.retransmission",
             "-T", "fields", "-e", "ip.src", "-e", "ip.dst", "-e", "modbus.func_code", "-E", "occurrence=a", "-E", "aggregator=,"],
            null,
            TimeSpan.FromSeconds(60));
        var counts = new Dictionary<(string, string), Dictionary<string, long>>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || fields[2].Length == 0)
            {
                continue;
            }

            var pair = (fields[0], fields[1]);
            if (!counts.TryGetValue(pair, out var codes))
            {
                counts[pair] = codes = [];
            }

            foreach (var code in fields[2].Split(','))
            {
                var operation = "fc" + int.Parse(code, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                codes[operation] = codes.GetValueOrDefault(operation) + 1;
            }
        }

        return counts;
    }

    // Modbus operations per (client address, server address) in the observed flows.
    private static Dictionary<(string Client, string Server), Dictionary<string, long>> Operations(IEnumerable<ObservedFlow> flows)
    {
        var counts = new Dictionary<(string, string), Dictionary<string, long>>();
        foreach (var flow in flows.Where(f => f.Protocol == "modbus-tcp" && f.Operations.Count > 0))
        {
            var pair = (flow.Source.Ip, flow.Destination.Ip);
            if (!counts.TryGetValue(pair, out var codes))
            {
                counts[pair] = codes = [];
            }

            foreach (var (operation, count) in flow.Operations)
            {
                codes[operation] = codes.GetValueOrDefault(operation) + count;
            }
        }

        return counts;
    }

    private static long Dropped(IEnumerable<ObservedFlow> flows) =>
        flows.Where(f => f.Source.Ip == NetworkLab.HmiAddress && f.Destination.Ip == NetworkLab.PlcAddress && f.Destination.Port == EndToEndFleet.ClosedPort)
            .Sum(f => f.Dropped);

    private static bool Same(Dictionary<(string, string), Dictionary<string, long>> a, Dictionary<(string, string), Dictionary<string, long>> b) =>
        Describe(a) == Describe(b);

    private static string Describe(Dictionary<(string Client, string Server), Dictionary<string, long>> counts) =>
        string.Join("; ", counts.OrderBy(p => p.Key).Select(p =>
            $"{p.Key.Client} -> {p.Key.Server}: {string.Join(", ", p.Value.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))}"));

    private static async Task WaitForAgentAsync(ApiServer server, LabProcess agent)
    {
        var enforcement = new EnforcementService.EnforcementServiceClient(server.Channel);
        var deadline = DateTime.UtcNow + Propagation;
        while (true)
        {
            Assert.False(agent.HasExited, $"the agent exited ({(agent.HasExited ? agent.ExitCode : 0)}):\n{agent.Log}");
            var status = await enforcement.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = EndToEndFleet.Plant }, server.As(Role.Auditor));
            if (status.EnforcementPoints.SingleOrDefault(p => p.EnforcementPointId == "line-gw") is { Behind: false, RulesetSha256.Length: > 0 })
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the agent did not catch up within {Propagation}:\n{agent.Log}");
            await Task.Delay(100);
        }
    }

    private static async Task UntilAsync(Func<bool> done, string what, LabProcess process)
    {
        var deadline = DateTime.UtcNow + Propagation;
        while (!done())
        {
            Assert.False(process.HasExited, $"{process.Name} exited:\n{process.Log}");
            Assert.True(DateTime.UtcNow < deadline, $"waited in vain for {what}:\n{process.Log}");
            await Task.Delay(100);
        }
    }

    private static void Ok(JsonObject reply) => Assert.True((bool?)reply["ok"] == true, $"expected success, got {reply}");

    private static void Refused(JsonObject reply) => Assert.True((bool?)reply["ok"] != true && reply["modbusCode"] is not null, $"expected a Modbus exception, got {reply}");
}
