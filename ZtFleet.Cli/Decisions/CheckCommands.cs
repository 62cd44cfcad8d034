using System.CommandLine;
using System.Net;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Decisions;

/// <summary>
/// <c>ztfleet check</c> (may an identity do an operation on a target?) and <c>ztfleet check-flow</c> (may this
/// network flow pass?), each with the explanation. Exit code 0 when allowed, 1 when denied.
/// </summary>
internal static class CheckCommands
{
    public static Command Check()
    {
        var plant = Opt.Plant();
        var identity = Opt.Text("--identity", "the identity asking", required: true);
        var asset = Opt.Text("--asset", "the target asset (or --zone)");
        var zone = Opt.Text("--zone", "the target zone (or --asset)");
        var operation = Opt.Choice<Operation>("--operation", "what it wants to do", required: true);
        var emergency = Opt.Flag("--emergency", "a declared emergency on safety equipment (break-glass)");
        var epoch = new Option<long>("--at-least-epoch") { Description = "never decide from a plant state older than this epoch" };
        var command = new Command("check", "May an identity do an operation on an asset or zone now? Explains why (exit 0 allow, 1 deny).")
        {
            plant, identity, asset, zone, operation, emergency, epoch,
        };
        Run.Api(command, async call =>
        {
            if (string.IsNullOrEmpty(call.Get(asset)) == string.IsNullOrEmpty(call.Get(zone)))
            {
                throw new UsageException("Give exactly one target: --asset or --zone.");
            }

            var request = new CheckRequest
            {
                PlantId = call.Get(plant),
                IdentityId = call.Get(identity),
                AssetId = call.Get(asset) ?? "",
                ZoneId = call.Get(zone) ?? "",
                Operation = EnumText.Parse<Operation>(call.Get(operation), "--operation"),
                Emergency = call.Get(emergency),
                AtLeastEpoch = call.Get(epoch),
                Explain = true,
            };
            var answer = await new DecisionService.DecisionServiceClient(call.Session.Channel).CheckAsync(request, call.Options);
            var decision = answer.Decision;
            var table = new Table("field", "value")
                .Add("decision", decision.Allow ? "ALLOW" : "DENY")
                .Add("reason", decision.Reason)
                .Add("why", Explanations.ForAccess(decision.Reason))
                .Add("rule", decision.RuleId);
            foreach (var fact in decision.Facts)
            {
                table.Add("fact", fact);
            }

            if (decision.Obligations is { } obligations)
            {
                if (obligations.StepUpMfa)
                {
                    table.Add("obligation", $"step-up MFA (no older than {obligations.MfaMaxAgeMinutes} min)");
                }

                if (obligations.RecordSession)
                {
                    table.Add("obligation", "record the session");
                }
            }

            table.Add("valid until", decision.ValidUntil).Add("epoch", decision.Epoch);
            call.Printer.Write(answer, table);
            return decision.Allow ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    public static Command CheckFlow()
    {
        var plant = Opt.Plant();
        var from = Opt.Text("--from", "the end that initiates: an asset id or an IP address", required: true);
        var to = Opt.Text("--to", "the end addressed: an asset id or an IP address", required: true);
        var protocol = Opt.Text("--protocol", "modbus-tcp, s7comm, opc-ua, dnp3, ssh, https ... (as the fleet document spells it)", required: true);
        protocol.CompletionSources.Add("modbus-tcp", "s7comm", "ethernet-ip", "opc-ua", "dnp3", "iec-104", "bacnet-ip", "mqtt", "ssh", "rdp", "smb", "https", "http", "dns", "ntp", "syslog", "sql");
        var port = new Option<int>("--port") { Description = "the destination port (default: the protocol's)" };
        var operation = Opt.Text("--operation", "the operation (Modbus read, write, fc1-fc127; S7 read, write, download ...); required for OT protocols");
        var identity = Opt.Text("--identity", "the identity behind the flow (default: the source asset's usedBy)");
        var epoch = new Option<long>("--at-least-epoch") { Description = "never decide from a plant state older than this epoch" };
        var command = new Command("check-flow", "May this network flow pass the plant's zones and conduits? Explains why (exit 0 allow, 1 deny).")
        {
            plant, from, to, protocol, port, operation, identity, epoch,
        };
        Run.Api(command, async call =>
        {
            var request = new CheckFlowRequest
            {
                PlantId = call.Get(plant),
                Source = Endpoint(call.Get(from)),
                Destination = Endpoint(call.Get(to)),
                Protocol = call.Get(protocol),
                Port = call.Get(port),
                Operation = call.Get(operation) ?? "",
                IdentityId = call.Get(identity) ?? "",
                AtLeastEpoch = call.Get(epoch),
            };
            var answer = await new DecisionService.DecisionServiceClient(call.Session.Channel).CheckFlowAsync(request, call.Options);
            var decision = answer.Decision;
            var table = new Table("field", "value")
                .Add("decision", decision.Allow ? "ALLOW" : "DENY")
                .Add("reason", decision.Reason)
                .Add("why", Explanations.ForFlow(decision.Reason))
                .Add("rule", decision.RuleId)
                .Add("from", End(decision.SourceAssetId, decision.SourceZoneId))
                .Add("to", End(decision.DestinationAssetId, decision.DestinationZoneId))
                .Add("epoch", decision.Epoch);
            call.Printer.Write(answer, table);
            return decision.Allow ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    /// <summary>An IP address (a full dotted quad, or IPv6) or else an asset id (ids may hold dots too).</summary>
    private static FlowEndpoint Endpoint(string text) =>
        IPAddress.TryParse(text, out var address) && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3)
            ? new FlowEndpoint { Address = text }
            : new FlowEndpoint { AssetId = text };

    private static string End(string asset, string zone) =>
        asset.Length == 0 ? "(unknown)" : zone.Length == 0 ? asset : $"{asset} (zone {zone})";
}
