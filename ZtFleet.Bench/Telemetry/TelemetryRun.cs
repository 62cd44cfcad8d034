using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using ZtFleet.Api.V1;
using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Telemetry;

/// <summary>
/// One run of <c>telemetry</c> on a control plane of real processes: apply the plant, enroll the senders and a
/// watching enforcement point, learn a baseline for every PLC, end learning, then measure ingestion throughput,
/// event → detection stored, and event → trust tier change → a <c>Check</c> at the watching point denies.
/// </summary>
internal sealed class TelemetryRun(TelemetryOptions options, ControlPlane plane, ThrowawayPostgres postgres, string plant, RunFigures figures)
{
    private readonly TelemetryFleet _fleet = new(plant, options);
    private readonly List<(string Id, string Credential)> _senders = [];
    private string _pointCredential = string.Empty;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StepAsync("apply the plant", ApplyAsync, cancellationToken);
        await StepAsync("enroll senders and the watching point", EnrollAsync, cancellationToken);
        await StepAsync("learn every PLC's baseline", LearnAsync, cancellationToken);
        await StepAsync("ingestion throughput", ThroughputAsync, cancellationToken);
        await StepAsync("event -> detection stored", DetectionLatencyAsync, cancellationToken);
        await StepAsync("event -> tier change -> Check denies at a watching point", TrustLatencyAsync, cancellationToken);
        await StepAsync("detections stored, by type", DetectionsByTypeAsync, cancellationToken);
        await StepAsync("stored baselines", StoredBaselinesAsync, cancellationToken);
    }

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
        var result = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = _fleet.Document() }, plane.Admin.WithCancellationToken(cancellationToken));
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

        for (var i = 0; i <= options.Senders + 1; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{plant}-sensor-{i}");
            _senders.Add((id, await Enroll(id)));
        }

        _pointCredential = await Enroll($"{plant}-gateway");
    }

    private async Task LearnAsync(CancellationToken cancellationToken)
    {
        var before = await SiloHeapAsync();
        var sender = await OpenAsync(0, cancellationToken);
        await using (sender)
        {
            // Thirty polling cycles a second apart, ending a few minutes ago: every PLC learns its HMI, function codes 3
            // and 1 with their address ranges, and a polling period of one second.
            var start = DateTimeOffset.UtcNow.AddMinutes(-35);
            var batch = new List<TelemetryEvent>(options.BatchSize);
            for (var cycle = 0; cycle < 30; cycle++)
            {
                var at = Timestamp.FromDateTimeOffset(start.AddSeconds(cycle));
                foreach (var plc in _fleet.Plcs)
                {
                    batch.Add(TelemetryEvents.Poll(_fleet.PollerOf[plc.Id], plc, at));
                    batch.Add(TelemetryEvents.Coils(_fleet.PollerOf[plc.Id], plc, at));
                    if (batch.Count >= options.BatchSize)
                    {
                        await sender.SendAsync(batch, cancellationToken);
                        batch.Clear();
                    }
                }
            }

            if (batch.Count > 0)
            {
                await sender.SendAsync(batch, cancellationToken);
            }

            await sender.DrainAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {sender.EventsAccepted:N0} learning events accepted, {sender.EventsRefused:N0} refused"));
        }

        await MonitoringControl.EndLearningAsync(plane, plant, cancellationToken);
        var after = await SiloHeapAsync();
        if (before is { } b && after is { } a)
        {
            figures.Set("heap_per_baseline_bytes", (a - b) / (double)options.Plcs);
        }
    }

    private async Task StoredBaselinesAsync(CancellationToken cancellationToken)
    {
        // A baseline is written when it changed, on a 30 s timer (and when its grain deactivates): wait for every PLC's.
        await using var connection = new NpgsqlConnection(postgres.ProbeConnectionString);
        await connection.OpenAsync(cancellationToken);
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*), coalesce(avg(length(payload)), 0)::float8, coalesce(max(length(payload)), 0) FROM orleans_grain_state WHERE state_name = 'asset-baseline'",
                connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (count, mean, largest) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetInt32(2));
            if (count >= options.Plcs || Stopwatch.GetTimestamp() > deadline)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     stored baselines: {count:N0} of {options.Plcs:N0} PLCs, mean {mean:0} bytes, largest {largest:N0} bytes"));
                if (count > 0)
                {
                    figures.Set("stored_baseline_mean_bytes", mean);
                    figures.Set("stored_baseline_max_bytes", largest);
                }

                return;
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private async Task ThroughputAsync(CancellationToken cancellationToken)
    {
        var senders = new List<TelemetrySender>();
        for (var i = 1; i <= options.Senders; i++)
        {
            senders.Add(await OpenAsync(i, cancellationToken));
        }

        // The first seconds are the plant's transient, not its steady state: the JIT tiers up, and every PLC reports
        // once that it is polled faster than its learned period (a detection and a trust factor each). Events
        // acknowledged during the warm-up are counted in the whole-phase figure only.
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * (options.WarmupSeconds + options.Seconds));
        var watch = Stopwatch.StartNew();
        var anomalies = 0L;
        var warm = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
            return (Accepted: senders.Sum(s => s.EventsAccepted), At: watch.Elapsed);
        }, cancellationToken);
        await Task.WhenAll(senders.Select((sender, index) => Task.Run(async () =>
        {
            // Each sender reports for its share of the PLCs, as a sensor per group of cells would; one event in a
            // thousand is a function code the PLC's baseline has not seen, so detections are found and stored too.
            var share = _fleet.Plcs.Where((_, n) => n % senders.Count == index).ToList();
            var next = 0;
            var counter = 0L;
            var batch = new List<TelemetryEvent>(options.BatchSize);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var at = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
                batch.Clear();
                for (var e = 0; e < options.BatchSize; e++)
                {
                    var plc = share[next++ % share.Count];
                    var hmi = _fleet.PollerOf[plc.Id];
                    if (++counter % 1000 == 0)
                    {
                        // On the first PLCs only: the trust probes need PLCs without detections.
                        var odd = _fleet.Plcs[(int)(counter / 1000 % Math.Min(10, _fleet.Plcs.Count))];
                        batch.Add(TelemetryEvents.Unusual(_fleet.PollerOf[odd.Id], odd, 8, at));
                        Interlocked.Increment(ref anomalies);
                    }
                    else
                    {
                        batch.Add(TelemetryEvents.Poll(hmi, plc, at));
                    }
                }

                await sender.SendAsync(batch, cancellationToken);
            }

            await sender.DrainAsync(cancellationToken);
        }, cancellationToken)));
        var elapsed = watch.Elapsed;
        var accepted = senders.Sum(s => s.EventsAccepted);
        var refused = senders.Sum(s => s.EventsRefused);
        var (warmAccepted, warmAt) = await warm;
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     {accepted:N0} events accepted ({refused:N0} refused, {anomalies:N0} unusual) in {elapsed.TotalSeconds:0.0} s by {senders.Count} senders, {warmAccepted:N0} of them in the {warmAt.TotalSeconds:0.0} s warm-up"));
        if (refused > 0)
        {
            figures.Failures.Add(string.Create(CultureInfo.InvariantCulture, $"throughput: {refused:N0} events refused"));
        }

        figures.Set("ingest_events_per_s", (accepted - warmAccepted) / (elapsed - warmAt).TotalSeconds);
        figures.Set("ingest_whole_events_per_s", accepted / elapsed.TotalSeconds);
    }

    private async Task DetectionLatencyAsync(CancellationToken cancellationToken)
    {
        // While one sender streams the plant's normal traffic at 10,000 events/s, a probe sender sends one unusual
        // event at a time (a function code new to that PLC, a new detection each) and waits for its acknowledgement,
        // which the server sends only after the batch's detections are stored.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var background = await OpenAsync(1, cancellationToken);
        var load = Task.Run(async () =>
        {
            var next = 0;
            var tick = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                var at = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
                var batch = Enumerable.Range(0, 1000).Select(_ =>
                {
                    var plc = _fleet.Plcs[next++ % _fleet.Plcs.Count];
                    return TelemetryEvents.Poll(_fleet.PollerOf[plc.Id], plc, at);
                }).ToList();
                await background.SendAsync(batch, stop.Token);
                var due = TimeSpan.FromMilliseconds(100 * (tick.ElapsedMilliseconds / 100 + 1)) - tick.Elapsed;
                await Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, stop.Token);
            }
        }, stop.Token);

        var probe = await OpenAsync(options.Senders + 1, cancellationToken);
        var latencies = new List<double>();
        await using (probe)
        {
            for (var i = 0; i < Math.Min(options.DetectionProbes, _fleet.Plcs.Count); i++)
            {
                var plc = _fleet.Plcs[i];
                var (ack, roundTrip) = await probe.SendAndWaitAsync(
                    [TelemetryEvents.Unusual(_fleet.PollerOf[plc.Id], plc, 43, Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow))], cancellationToken);
                if (ack.Result != IngestResult.Accepted || ack.EventsAccepted != 1)
                {
                    throw new InvalidOperationException($"probe {i}: {ack}");
                }

                latencies.Add(roundTrip.TotalMilliseconds);
            }
        }

        await stop.CancelAsync();
        await IgnoreCancellation(load);
        await background.DisposeAsync();

        var stored = await MonitoringControl.CountDetectionsAsync(plane, plant, DetectionType.FunctionCodeOutsideBaseline, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {latencies.Count} probes; detections of that type stored: {stored?.ToString(CultureInfo.InvariantCulture) ?? "?"}"));
        latencies.Sort();
        figures.Set("detection_p50_ms", RunFigures.Percentile(latencies, 0.50));
        figures.Set("detection_p99_ms", RunFigures.Percentile(latencies, 0.99));
    }

    private async Task TrustLatencyAsync(CancellationToken cancellationToken)
    {
        var point = new CallOptions(new Metadata { { "authorization", "Bearer " + _pointCredential } }, cancellationToken: cancellationToken);
        var decisions = new DecisionService.DecisionServiceClient(plane.Channel);
        var enforcement = new EnforcementService.EnforcementServiceClient(plane.Channel);
        var heartbeat = await enforcement.HeartbeatAsync(new HeartbeatRequest(), point);

        // The point watches its plant from now on, as a gateway does; every delta it receives is queued with its time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deltas = new BlockingCollection<WatchResponse>();
        var watch = enforcement.Watch(new WatchRequest { PlantId = plant, SinceEpoch = heartbeat.PlantEpoch }, point.WithCancellationToken(stop.Token));
        var watcher = Task.Run(async () =>
        {
            await foreach (var delta in watch.ResponseStream.ReadAllAsync(stop.Token))
            {
                deltas.Add(delta);
            }
        }, stop.Token);

        var probe = await OpenAsync(options.Senders + 1, cancellationToken);
        var latencies = new List<double>();
        await using (probe)
        {
            // PLCs from the end of the list: none has had a detection yet.
            foreach (var plc in Enumerable.Reverse(_fleet.Plcs).Take(Math.Min(options.TrustProbes, _fleet.Plcs.Count - options.DetectionProbes)))
            {
                var check = new CheckRequest { PlantId = plant, IdentityId = TelemetryFleet.Engineer, AssetId = plc.Id, Operation = Operation.Write };
                var first = await decisions.CheckAsync(check, point);
                if (!first.Decision.Allow)
                {
                    throw new InvalidOperationException($"{plc.Id}: a write by {TelemetryFleet.Engineer} is denied before the probe ({first.Decision.Reason})");
                }

                var started = Stopwatch.GetTimestamp();
                await probe.SendAsync([TelemetryEvents.RefusedWrite(plc, Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow))], cancellationToken);
                var denied = false;
                while (!denied)
                {
                    if (!deltas.TryTake(out var delta, TimeSpan.FromSeconds(10)))
                    {
                        throw new TimeoutException($"{plc.Id}: no delta within 10 s of a refused write");
                    }

                    if (!delta.Payload.Contains($"\"{plc.Id}\"", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // The point asks at the epoch it has just applied, as a PEP that drops its cached decisions does.
                    check.AtLeastEpoch = delta.Epoch;
                    var answer = await decisions.CheckAsync(check, point);
                    denied = !answer.Decision.Allow;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await stop.CancelAsync();
        await IgnoreCancellation(watcher);
        watch.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {latencies.Count} PLCs pushed below their tier"));
        latencies.Sort();
        figures.Set("trust_deny_p50_ms", RunFigures.Percentile(latencies, 0.50));
        figures.Set("trust_deny_p99_ms", RunFigures.Percentile(latencies, 0.99));
    }

    private async Task DetectionsByTypeAsync(CancellationToken cancellationToken)
    {
        foreach (var type in System.Enum.GetValues<DetectionType>().Where(t => t != DetectionType.Unspecified))
        {
            if (await MonitoringControl.CountDetectionsAsync(plane, plant, type, cancellationToken) is > 0 and var count)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {type}: {count:N0}"));
            }
        }
    }

    private Task<TelemetrySender> OpenAsync(int sender, CancellationToken cancellationToken) =>
        TelemetrySender.OpenAsync(plane.OpenChannel(), plant, _senders[sender].Id, _senders[sender].Credential, options.InFlight, cancellationToken);

    private async Task<long?> SiloHeapAsync()
    {
        long sum = 0;
        foreach (var silo in plane.Silos)
        {
            try
            {
                sum += await GcHeapProbe.LiveHeapBytesAsync(silo.Pid, TimeSpan.FromSeconds(60));
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                figures.Notes.Add($"heap of {silo.Name} not measured: {e.Message}");
                return null;
            }
        }

        return sum;
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
        {
            // Stopped on purpose.
        }
    }
}
