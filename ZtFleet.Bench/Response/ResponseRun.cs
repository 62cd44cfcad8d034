using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using ZtFleet.Api.V1;
using ZtFleet.Bench.PgScale;
using ZtFleet.Bench.Telemetry;

namespace ZtFleet.Bench.Response;

/// <summary>
/// One run of <c>response</c> on a control plane of real processes: apply the plant with its playbook, enroll a sensor
/// and a watching enforcement point, then, one PLC at a time, send a refused write and time detection stored (seen on
/// <c>WatchDetections</c>) → the playbook's quarantine delta reaches the point's <c>Watch</c> → its <c>Check</c> of a
/// write to the PLC denies (rule <c>quarantine:…</c>).
/// </summary>
internal sealed class ResponseRun(ResponseOptions options, ControlPlane plane, string plant, RunFigures figures)
{
    private readonly TelemetryFleet _fleet = new(plant, options.Plant());
    private string _senderId = string.Empty;
    private string _senderCredential = string.Empty;
    private string _pointCredential = string.Empty;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StepAsync("apply the plant and its playbook", ApplyAsync, cancellationToken);
        await StepAsync("enroll a sensor and the watching point", EnrollAsync, cancellationToken);
        await StepAsync("detection -> playbook step -> Check denies at a watching point", ProbeAsync, cancellationToken);
    }

    /// <summary>The plant, detections that do not lower trust (the deny the bench sees is the playbook's), and the playbook.</summary>
    private string Document() => _fleet.Document() + string.Create(CultureInfo.InvariantCulture, $$"""
        trust:
          factors:
            detection: { weight: 0, cap: 0 }
            quarantine: { weight: 0, cap: 0 }
        response:
          autoActionsPerHour: {{Math.Min(1000, options.Probes + 10)}}
          playbooks:
            - id: contain-refused-writes
              trigger: { detections: [refused-write], minSeverity: high, plants: [{{plant}}] }
              steps:
                - { kind: restrict-writes, impact: 40, mode: auto, revertAfterMinutes: 60 }

        """);

    private async Task StepAsync(string name, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  -- {name}");
        var watch = Stopwatch.StartNew();
        try
        {
            await step(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     done in {watch.Elapsed.TotalSeconds:0.0} s"));
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or TimeoutException or NpgsqlException)
        {
            var message = e is RpcException rpc ? $"{name}: {rpc.StatusCode}: {rpc.Status.Detail}" : $"{name}: {e.GetType().Name}: {e.Message}";
            figures.Failures.Add(message);
            Console.WriteLine("     FAILED " + message);
        }
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var fleet = new FleetService.FleetServiceClient(plane.Channel);
        var result = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = Document() }, plane.Admin.WithCancellationToken(cancellationToken));
        while (result.State != ApplyState.Committed)
        {
            await Task.Delay(200, cancellationToken);
            var status = await fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = result.ApplyId }, plane.Admin.WithCancellationToken(cancellationToken));
            if (status.State == ApplyState.Committed)
            {
                break;
            }
        }
    }

    private async Task EnrollAsync(CancellationToken cancellationToken)
    {
        var enforcement = new EnforcementService.EnforcementServiceClient(plane.Channel);
        async Task<string> Enroll(string id)
        {
            var token = await enforcement.CreateEnrollmentTokenAsync(
                new CreateEnrollmentTokenRequest { EnforcementPointId = id, PlantId = plant, Name = id },
                plane.Admin.WithCancellationToken(cancellationToken));
            var enrolled = await enforcement.EnrollAsync(new EnrollRequest(),
                new Metadata { { "authorization", "Bearer " + token.EnrollmentToken } }, cancellationToken: cancellationToken);
            return enrolled.Credential;
        }

        _senderId = $"{plant}-sensor";
        _senderCredential = await Enroll(_senderId);
        _pointCredential = await Enroll($"{plant}-gateway");
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var point = new CallOptions(new Metadata { { "authorization", "Bearer " + _pointCredential } }, cancellationToken: cancellationToken);
        var decisions = new DecisionService.DecisionServiceClient(plane.Channel);
        var enforcement = new EnforcementService.EnforcementServiceClient(plane.Channel);
        var heartbeat = await enforcement.HeartbeatAsync(new HeartbeatRequest(), point);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The point watches its plant as a gateway does; an analyst's console watches the detections. Each message is
        // queued with the time it arrived.
        var deltas = new BlockingCollection<(WatchResponse Delta, long At)>();
        var watch = enforcement.Watch(new WatchRequest { PlantId = plant, SinceEpoch = heartbeat.PlantEpoch }, point.WithCancellationToken(stop.Token));
        var detections = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var detectionWatch = new MonitoringService.MonitoringServiceClient(plane.Channel)
            .WatchDetections(new WatchDetectionsRequest { PlantId = plant, LiveOnly = true }, plane.Admin.WithCancellationToken(stop.Token));
        var watchers = new[]
        {
            Task.Run(async () =>
            {
                await foreach (var delta in watch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    deltas.Add((delta, Stopwatch.GetTimestamp()));
                }
            }, stop.Token),
            Task.Run(async () =>
            {
                await foreach (var message in detectionWatch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    detections.TryAdd(message.Detection.AssetId, Stopwatch.GetTimestamp());
                }
            }, stop.Token),
        };
        await Task.Delay(500, cancellationToken); // both streams are open

        var fromDetection = new List<double>();
        var fromEvent = new List<double>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var sender = await TelemetrySender.OpenAsync(plane.OpenChannel(), plant, _senderId, _senderCredential, 4, cancellationToken);
        await using (sender)
        {
            foreach (var plc in _fleet.Plcs.Take(options.Probes))
            {
                var check = new CheckRequest { PlantId = plant, IdentityId = TelemetryFleet.Engineer, AssetId = plc.Id, Operation = Operation.Write };
                var sent = Stopwatch.GetTimestamp();
                await sender.SendAsync([TelemetryEvents.RefusedWrite(plc, Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow))], cancellationToken);
                while (true)
                {
                    if (!deltas.TryTake(out var item, TimeSpan.FromSeconds(10)))
                    {
                        throw new TimeoutException($"{plc.Id}: no quarantine delta within 10 s of a refused write");
                    }

                    if (item.Delta.Kind != "quarantine-changed" || !item.Delta.Payload.Contains($"\"{plc.Id}\"", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    check.AtLeastEpoch = item.Delta.Epoch;
                    var answer = await decisions.CheckAsync(check, point);
                    if (answer.Decision.Allow)
                    {
                        continue;
                    }

                    var deniedAt = Stopwatch.GetTimestamp();
                    var reason = answer.Decision.RuleId.StartsWith("quarantine:", StringComparison.Ordinal) ? "quarantine" : answer.Decision.Reason;
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    fromEvent.Add(Stopwatch.GetElapsedTime(sent, deniedAt).TotalMilliseconds);
                    if (detections.TryGetValue(plc.Id, out var detected))
                    {
                        fromDetection.Add(Stopwatch.GetElapsedTime(detected, deniedAt).TotalMilliseconds);
                    }

                    break;
                }
            }
        }

        await stop.CancelAsync();
        foreach (var watcher in watchers)
        {
            try
            {
                await watcher;
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException)
            {
            }
        }

        watch.Dispose();
        detectionWatch.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     {fromEvent.Count} PLCs restricted by the playbook; denied by: {string.Join(", ", reasons.Select(r => $"{r.Key} {r.Value}"))}; {fromDetection.Count} with the detection's arrival seen"));
        fromDetection.Sort();
        fromEvent.Sort();
        figures.Set("detection_to_deny_p50_ms", RunFigures.Percentile(fromDetection, 0.50));
        figures.Set("detection_to_deny_p99_ms", RunFigures.Percentile(fromDetection, 0.99));
        figures.Set("event_to_deny_p99_ms", RunFigures.Percentile(fromEvent, 0.99));
    }
}
