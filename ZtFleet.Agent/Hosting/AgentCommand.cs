using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace ZtFleet.Agent.Hosting;

/// <summary>The agent's command line.</summary>
public static class AgentCommand
{
    /// <summary>Parses the command line and runs the agent; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var api = new Option<string>("--api") { Description = "the ZtFleet API, e.g. http://10.0.0.5:5080", Required = true };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "where the credential (0600), the last applied ruleset and temporary files live",
            DefaultValueFactory = _ => "/var/lib/ztfleet-agent",
        };
        var token = new Option<string?>("--enrollment-token") { Description = "one-time enrollment token (only used when no credential is stored)" };
        var tokenFile = new Option<FileInfo?>("--enrollment-token-file") { Description = "a file holding the enrollment token" };
        var lease = new Option<double>("--lease-seconds")
        {
            Description = "seconds without contact with the control plane before the zones' fail mode applies",
            DefaultValueFactory = _ => 30,
        };
        var heartbeat = new Option<double>("--heartbeat-seconds") { Description = "seconds between heartbeats", DefaultValueFactory = _ => 10 };
        var proxyPort = new Option<int>("--modbus-proxy-port") { Description = "run the Modbus/TCP proxy on [::]:PORT, IPv4 and IPv6 (0: no proxy)" };
        var responseTimeout = new Option<double>("--modbus-response-timeout-seconds")
        {
            Description = "seconds the proxy waits for a Modbus server's response before answering exception 0x0B (gateway target device failed to respond)",
            DefaultValueFactory = _ => 5,
        };
        var nft = new Option<string?>("--nft") { Description = "path of nft (default: on the PATH or /usr/sbin/nft)" };
        var noNftables = new Option<bool>("--no-nftables")
        {
            Description = "verify and store rulesets but do not apply them (development); epochs are acknowledged with an empty ruleset hash",
        };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Trace, Debug, Information, Warning, Error", DefaultValueFactory = _ => LogLevel.Information };
        var telemetry = TelemetryCommandOptions.Create();
        var dropPoll = new Option<double>("--drop-poll-seconds")
        {
            Description = "seconds between readings of the ruleset's dropped sets (reported as dropped flows; 0: never)",
            DefaultValueFactory = _ => 10,
        };
        var noTelemetry = new Option<bool>("--no-telemetry") { Description = "report nothing to TelemetryService (no Modbus transactions, no drops)" };

        var command = new RootCommand("ZtFleet enforcement agent: enrolls as a PEP, watches its plant, applies nftables rulesets, optional Modbus/TCP proxy.")
        {
            api, stateDir, token, tokenFile, lease, heartbeat, proxyPort, responseTimeout, nft, noNftables, logLevel, dropPoll, noTelemetry,
        };
        telemetry.AddTo(command);
        command.Subcommands.Add(ZeekCommand.Create());

        command.SetAction(parsed =>
        {
            var errors = new List<string>();
            if (!Uri.TryCreate(parsed.GetValue(api), UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("http" or "https"))
            {
                errors.Add("--api must be an absolute http:// or https:// address");
            }

            var port = parsed.GetValue(proxyPort);
            if (port is < 0 or > 65535)
            {
                errors.Add("--modbus-proxy-port must be 1-65535 (0: no proxy)");
            }

            var responseSeconds = parsed.GetValue(responseTimeout);
            if (responseSeconds <= 0)
            {
                errors.Add("--modbus-response-timeout-seconds must be positive");
            }

            var leaseSeconds = parsed.GetValue(lease);
            var heartbeatSeconds = parsed.GetValue(heartbeat);
            if (leaseSeconds <= 0 || heartbeatSeconds <= 0)
            {
                errors.Add("--lease-seconds and --heartbeat-seconds must be positive");
            }
            else if (heartbeatSeconds >= leaseSeconds)
            {
                errors.Add("--heartbeat-seconds must be shorter than --lease-seconds");
            }

            var dropPollSeconds = parsed.GetValue(dropPoll);
            if (dropPollSeconds < 0)
            {
                errors.Add("--drop-poll-seconds must be 0 or more");
            }

            var telemetryOptions = telemetry.Read(parsed, errors) with { DropPollInterval = TimeSpan.FromSeconds(Math.Max(dropPollSeconds, 0)) };
            var enrollmentToken = parsed.GetValue(token);
            if (parsed.GetValue(tokenFile) is { } file)
            {
                try
                {
                    enrollmentToken = File.ReadAllText(file.FullName).Trim();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"Cannot read the enrollment token file {file.FullName}: {ex.Message}");
                    return AgentExitCodes.EnrollmentRefused;
                }
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine(error);
                }

                return AgentExitCodes.Usage;
            }

            var options = new AgentOptions
            {
                Api = apiUri!,
                StateDirectory = parsed.GetValue(stateDir)!,
                EnrollmentToken = enrollmentToken,
                Lease = TimeSpan.FromSeconds(leaseSeconds),
                HeartbeatInterval = TimeSpan.FromSeconds(heartbeatSeconds),
                ModbusProxyPort = port,
                ModbusResponseTimeout = TimeSpan.FromSeconds(Math.Max(responseSeconds, 0.001)),
                NftPath = parsed.GetValue(nft),
                NoNftables = parsed.GetValue(noNftables),
                Telemetry = telemetryOptions,
                NoTelemetry = parsed.GetValue(noTelemetry),
            };
            return AgentHost.Run(options, parsed.GetValue(logLevel));
        });

        var result = command.Parse(args);
        if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("See --help.");
            return AgentExitCodes.Usage;
        }

        return result.Invoke();
    }
}
