using System.CommandLine;
using System.Runtime.InteropServices;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Agent.State;
using ZtFleet.Agent.Telemetry;
using ZtFleet.Agent.Zeek;

namespace ZtFleet.Agent.Hosting;

/// <summary>
/// <c>ZtFleet.Agent zeek</c>: reads Zeek logs (files or standard input) and sends them to <c>TelemetryService/Ingest</c>
/// with its own enrolled credential, kept in its own state directory.
/// </summary>
public static class ZeekCommand
{
    /// <summary>The subcommand.</summary>
    public static Command Create()
    {
        var api = new Option<string>("--api") { Description = "the ZtFleet API, e.g. http://10.0.0.5:5080", Required = true };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "where the sensor's credential (0600) and its batch sequence live (not the agent's own)",
            DefaultValueFactory = _ => "/var/lib/ztfleet-zeek",
        };
        var token = new Option<string?>("--enrollment-token") { Description = "one-time enrollment token (only used when no credential is stored)" };
        var tokenFile = new Option<FileInfo?>("--enrollment-token-file") { Description = "a file holding the enrollment token" };
        var logs = new Option<string[]>("--log")
        {
            Description = "a Zeek log to read: FILE (conn*.log, modbus*.log, modbus_detailed*.log) or KIND=FILE, - for standard input (modbus_detailed=-); repeat for several",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var follow = new Option<bool>("--follow") { Description = "keep reading files as Zeek writes them, across rotation (tail -F), until stopped" };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Trace, Debug, Information, Warning, Error", DefaultValueFactory = _ => LogLevel.Information };
        var telemetry = TelemetryCommandOptions.Create();
        var command = new Command("zeek", "Sends Zeek's conn.log, modbus.log and ICSNPP modbus_detailed.log (JSON or TSV) to ZtFleet as a sensor.")
        {
            api, stateDir, token, tokenFile, logs, follow, logLevel,
        };
        telemetry.AddTo(command);
        command.SetAction(parsed =>
        {
            var errors = new List<string>();
            if (!Uri.TryCreate(parsed.GetValue(api), UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("http" or "https"))
            {
                errors.Add("--api must be an absolute http:// or https:// address");
            }

            var inputs = new List<ZeekInput>();
            foreach (var value in parsed.GetValue(logs) ?? [])
            {
                if (ZeekInput.Parse(value, out var error) is { } input)
                {
                    inputs.Add(input);
                }
                else
                {
                    errors.Add(error!);
                }
            }

            if (inputs.Count(i => i.IsStandardInput) > 1)
            {
                errors.Add("--log -: standard input can be read once");
            }

            var options = telemetry.Read(parsed, errors);
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

            return Run(apiUri!, parsed.GetValue(stateDir)!, enrollmentToken, inputs, parsed.GetValue(follow), options, parsed.GetValue(logLevel));
        });
        return command;
    }

    private static int Run(Uri api, string stateDirectory, string? enrollmentToken, IReadOnlyList<ZeekInput> inputs, bool follow, TelemetryOptions options, LogLevel logLevel)
    {
        StateDirectory state;
        try
        {
            state = new StateDirectory(stateDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot use the state directory {stateDirectory}: {ex.Message}");
            return AgentExitCodes.Usage;
        }

        foreach (var input in inputs.Where(i => !i.IsStandardInput && !File.Exists(i.Path)))
        {
            Console.Error.WriteLine($"--log {input.Path}: no such file");
            return AgentExitCodes.Usage;
        }

        using var loggers = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(logLevel);
            logging.AddFilter("Grpc", LogLevel.Warning);

            // Logs go to standard error: standard output stays free for whoever pipes the command.
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.UseUtcTimestamp = true;
            });
        });

        var logger = loggers.CreateLogger("ZtFleet.Agent.Zeek");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        using var controlPlane = new GrpcControlPlane(api);
        return RunAsync(controlPlane, state, enrollmentToken, inputs, follow, options, TimeProvider.System, () => Console.In, loggers, logger, stop.Token)
            .GetAwaiter().GetResult();
    }

    /// <summary>Enrolls (or loads the stored credential), then reads the inputs and sends them; returns the exit code.</summary>
    internal static async Task<int> RunAsync(
        IControlPlane controlPlane,
        StateDirectory state,
        string? enrollmentToken,
        IReadOnlyList<ZeekInput> inputs,
        bool follow,
        TelemetryOptions options,
        TimeProvider time,
        Func<TextReader> standardInput,
        ILoggerFactory loggers,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var credentials = new CredentialStore(state);
        StoredCredential? credential;
        try
        {
            credential = credentials.Load();
            if (credential is null)
            {
                if (string.IsNullOrWhiteSpace(enrollmentToken))
                {
                    logger.LogCritical("Not enrolled yet and no enrollment token given (--enrollment-token or --enrollment-token-file)");
                    return AgentExitCodes.EnrollmentRefused;
                }

                credential = await controlPlane.EnrollAsync(enrollmentToken.Trim(), cancellationToken);
                credentials.Save(credential);
                logger.LogInformation("Enrolled as {Sender} at plant {Plant}; credential stored in {Directory}", credential.EnforcementPointId, credential.PlantId, state.Path);
            }
        }
        catch (InvalidDataException ex)
        {
            logger.LogCritical("Cannot read the stored credential: {Reason}. Remove the file to enroll again.", ex.Message);
            return AgentExitCodes.EnrollmentRefused;
        }
        catch (EnrollmentRefusedException ex)
        {
            logger.LogCritical("Enrollment failed: {Reason}. Ask an administrator for a new enrollment token.", ex.Message);
            return AgentExitCodes.EnrollmentRefused;
        }
        catch (RpcException ex)
        {
            logger.LogCritical("Cannot reach the control plane to enroll ({Status}: {Detail})", ex.StatusCode, ex.Status.Detail);
            return AgentExitCodes.Failed;
        }

        controlPlane.UseCredential(credential);
        var buffer = new TelemetryBuffer(options.BufferCapacity);
        var sender = new TelemetrySender(controlPlane, buffer, new SequenceStore(state), options, time, loggers.CreateLogger<TelemetrySender>());
        var adapter = new ZeekAdapter(buffer, time, loggers.CreateLogger<ZeekAdapter>());
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var senderTask = sender.RunAsync(credential.PlantId, sending.Token);
        try
        {
            logger.LogInformation(
                "Sensor {Sender} of plant {Plant} reading {Inputs}{Follow}",
                credential.EnforcementPointId, credential.PlantId, string.Join(", ", inputs.Select(i => i.Path)), follow ? " (following)" : string.Empty);
            var reading = adapter.ReadAllAsync(inputs, follow, standardInput, cancellationToken);
            var first = await Task.WhenAny(reading, senderTask);
            if (first == senderTask)
            {
                await senderTask; // a refused credential
                return AgentExitCodes.Stopped;
            }

            await reading;
            buffer.Complete();
            await senderTask;
            logger.LogInformation(
                "Done: {Events} events read, {Accepted} accepted, {Refused} refused by the API, {Problems} lines skipped",
                adapter.Events, sender.EventsAccepted, sender.EventsRefused, adapter.Problems);
            return AgentExitCodes.Stopped;
        }
        catch (CredentialRefusedException ex)
        {
            logger.LogCritical("Stopping: {Reason}", ex.Message);
            return AgentExitCodes.CredentialRefused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Stopped: {Held} events read were not sent", buffer.Count + sender.Unacknowledged);
            return AgentExitCodes.Stopped;
        }
        finally
        {
            await sending.CancelAsync();
            await senderTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
