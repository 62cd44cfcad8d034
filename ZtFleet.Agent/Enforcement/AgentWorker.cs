using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Agent.FailModes;
using ZtFleet.Agent.Hosting;
using ZtFleet.Agent.Modbus;
using ZtFleet.Agent.Rulesets;
using ZtFleet.Agent.State;
using ZtFleet.Agent.Telemetry;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// The agent's life: enroll (once; the credential is kept), then heartbeat, watch the plant with reconnection and
/// backoff, follow the fail mode, and run the Modbus proxy when asked. Fatal refusals (bad token, revoked credential)
/// stop the host with their exit code.
/// </summary>
public sealed class AgentWorker(
    AgentOptions options,
    IControlPlane controlPlane,
    CredentialStore credentials,
    RulesetInstaller installer,
    EnforcementState state,
    ControlPlaneContact contact,
    TimeProvider time,
    ILoggerFactory loggers,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    AgentTelemetry? telemetry = null) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<AgentWorker>();

    /// <summary>The credential in use, once enrolled or loaded.</summary>
    public StoredCredential? Credential { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Credential = await EnsureEnrolledAsync(stoppingToken);
            if (Credential is null)
            {
                Stop(AgentExitCodes.EnrollmentRefused);
                return;
            }

            controlPlane.UseCredential(Credential);
            _logger.LogInformation(
                "Enforcement point {Point} of plant {Plant}, zones {Zones}; control plane {Api}",
                Credential.EnforcementPointId, Credential.PlantId, Credential.ZoneIds.Count == 0 ? "(all)" : string.Join(", ", Credential.ZoneIds), options.Api);

            using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var failClosed = NftablesRuleset.FailClosed(PlantId.Parse(Credential.PlantId), Credential.ZoneIds.Select(ZoneId.Parse));
            if (!installer.PutsInForce)
            {
                _logger.LogWarning("--no-nftables: rulesets are verified and stored but NOTHING is put in force; epochs are acknowledged with an empty ruleset hash");
            }

            try
            {
                await installer.StartAsync(Credential.PlantId, Credential.ZoneIds, failClosed, stoppingToken);
            }
            catch (RulesetApplyException ex)
            {
                _logger.LogError("Cannot apply a ruleset at start: {Reason}; whatever was in force before stays until the control plane sends one", ex.Message);
            }

            var monitor = new FailModeMonitor(
                contact, state, installer, Credential.ZoneIds, failClosed, options.Lease, time, loggers.CreateLogger<FailModeMonitor>(), AckRestoredAsync);
            ModbusProxy? proxy = null;
            if (options.ModbusProxyPort != 0)
            {
                proxy = new ModbusProxy(
                    options.ModbusProxyPort, state, time, loggers.CreateLogger<ModbusProxy>(), options.ModbusResponseTimeout, telemetry: telemetry?.Buffer);
                proxy.Start();
            }

            var tasks = new List<Task>
            {
                monitor.RunAsync(running.Token),
                HeartbeatsAsync(running.Token),
                WatchAsync(Credential, running.Token),
            };
            if (proxy is not null)
            {
                tasks.Add(proxy.RunAsync(running.Token));
            }

            if (telemetry is not null)
            {
                tasks.Add(telemetry.RunAsync(Credential.PlantId, running.Token));
            }

            try
            {
                var first = await Task.WhenAny(tasks);
                await running.CancelAsync();
                await first;
                await Task.WhenAll(tasks);
            }
            finally
            {
                proxy?.Dispose();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (CredentialRefusedException ex)
        {
            _logger.LogCritical("Stopping: {Reason}", ex.Message);
            Stop(AgentExitCodes.CredentialRefused);
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "Stopping after an unexpected failure");
            Stop(AgentExitCodes.Failed);
        }
    }

    // After fail-closed the restored ruleset is in force: acknowledge it (the catch-up's ack carried no hash).
    private async Task AckRestoredAsync(CancellationToken cancellationToken)
    {
        var epoch = contact.AppliedEpoch;
        if (epoch < 0)
        {
            return;
        }

        try
        {
            await controlPlane.AckAsync(epoch, installer.AppliedSha256, cancellationToken);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Cannot acknowledge the restored ruleset ({Status}: {Detail}); the next delta's ack will carry it", ex.StatusCode, ex.Status.Detail);
        }
    }

    private void Stop(int exitCode)
    {
        exit.Code = exitCode;
        lifetime.StopApplication();
    }

    /// <summary>The stored credential, or a new one from the enrollment token; null when enrollment is impossible.</summary>
    private async Task<StoredCredential?> EnsureEnrolledAsync(CancellationToken cancellationToken)
    {
        StoredCredential? stored;
        try
        {
            stored = credentials.Load();
        }
        catch (InvalidDataException ex)
        {
            _logger.LogCritical("Cannot read the stored credential: {Reason}. Remove the file to enroll again.", ex.Message);
            return null;
        }

        if (stored is not null)
        {
            _logger.LogInformation("Using the stored credential of {Point} (not enrolling again)", stored.EnforcementPointId);
            return stored;
        }

        if (string.IsNullOrWhiteSpace(options.EnrollmentToken))
        {
            _logger.LogCritical("Not enrolled yet and no enrollment token given (--enrollment-token or --enrollment-token-file)");
            return null;
        }

        var delay = options.MinReconnectDelay;
        while (true)
        {
            try
            {
                var enrolled = await controlPlane.EnrollAsync(options.EnrollmentToken.Trim(), cancellationToken);
                credentials.Save(enrolled);
                _logger.LogInformation("Enrolled as {Point} at plant {Plant}; credential stored in {Directory}", enrolled.EnforcementPointId, enrolled.PlantId, options.StateDirectory);
                return enrolled;
            }
            catch (EnrollmentRefusedException ex)
            {
                _logger.LogCritical("Enrollment failed: {Reason}. Ask an administrator for a new enrollment token.", ex.Message);
                return null;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
                _logger.LogWarning("Cannot reach the control plane at {Api} to enroll ({Status}); retrying in {Delay}", options.Api, ex.StatusCode, delay);
                await Task.Delay(delay, time, cancellationToken);
                delay = Next(delay);
            }
        }
    }

    private async Task HeartbeatsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            do
            {
                try
                {
                    var plantEpoch = await controlPlane.HeartbeatAsync(cancellationToken);
                    if (!contact.Heartbeat(plantEpoch))
                    {
                        // The API answers, but the agent does not enforce what it says: not a contact (see ControlPlaneContact).
                        _logger.Log(
                            contact.InStep ? LogLevel.Debug : LogLevel.Warning,
                            "Heartbeat answered (plant at epoch {PlantEpoch}) but the agent enforces epoch {Epoch} and its watch is {Watch}: not counted as contact (no contact since {Last:O})",
                            plantEpoch, contact.AppliedEpoch, contact.InStep ? "in step" : "not in step", contact.Last);
                    }
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("Heartbeat failed ({Status}: {Detail})", ex.StatusCode, ex.Status.Detail);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        var processor = new WatchProcessor(controlPlane, installer, state, contact, loggers.CreateLogger<WatchProcessor>());
        var delay = options.MinReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var plantEpoch = await controlPlane.HeartbeatAsync(cancellationToken);
                var since = processor.Begin(plantEpoch);
                var request = new WatchRequest
                {
                    PlantId = credential.PlantId,
                    SinceEpoch = since,
                    RulesetFormat = RulesetFormat.Nftables,
                    ModbusProxyPort = options.ModbusProxyPort,
                };
                _logger.LogInformation(
                    "Watching plant {Plant} from epoch {Since}{Resume} (plant at epoch {Epoch})",
                    credential.PlantId, since, since == 0 ? string.Empty : " (resuming the plant state kept from the last stream)", plantEpoch);
                await foreach (var message in controlPlane.WatchAsync(request, cancellationToken))
                {
                    await processor.HandleAsync(message, cancellationToken);
                    delay = options.MinReconnectDelay;
                }

                processor.Disconnected();
                _logger.LogWarning("The watch stream ended; reconnecting in {Delay}", delay);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition)
            {
                // The control plane does not know the epoch the agent resumes from (a restored database): start over.
                processor.Resynchronise();
                _logger.LogWarning("The control plane refused the watch ({Status}: {Detail}); resynchronising from epoch 0 in {Delay}", ex.StatusCode, ex.Status.Detail, delay);
            }
            catch (RpcException ex)
            {
                processor.Disconnected();
                _logger.LogWarning("The watch stream broke ({Status}: {Detail}); reconnecting in {Delay}", ex.StatusCode, ex.Status.Detail, delay);
            }
            catch (Exception ex) when (ex is RulesetApplyException or DeltaGapException or InvalidDataException or System.Text.Json.JsonException or NotSupportedException or ArgumentException)
            {
                // The processor is out of step now (and resynchronises from epoch 0 after a gap or an unreadable delta).
                _logger.LogError("Cannot apply what the control plane sent: {Reason}; reconnecting in {Delay}", ex.Message, delay);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = Next(delay);
        }
    }

    private TimeSpan Next(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
}
