using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Generation;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using Operation = ZtFleet.Api.V1.Operation;

namespace ZtFleet.Bench.Propagation;

/// <summary>
/// Revocation fan-out through the real stack on loopback: an identity assigned at every plant is locked through
/// <c>AccessService/LockIdentity</c>; the time from that call returning (the lock is in every plant's log) to each
/// watching enforcement point reading the delta off its own gRPC stream is measured, while checkers keep asking
/// <c>DecisionService/Check</c> about the identity and must never be allowed after the acknowledgement.
/// </summary>
/// <remarks>
/// Everything runs in one process on this machine: one silo, the API server (with its own Orleans client, as a
/// separate process would), and every enforcement point's gRPC client. Each round starts from quiet: the identity
/// is unlocked and every point has caught up. Checkers pass <c>at_least_epoch</c> once they know the lock's epoch
/// (as a caller holding the consistency token would); a second set asks without it, to show what the token is for.
/// </remarks>
public static class RevocationBenchmark
{
    private const string Revoked = "revoked-contractor";
    private const string ViewerRole = "bench-viewer";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the benchmark with <c>--plants --peps --rounds --channels --checkers --identities-per-plant
    /// --stream-poll-ms --no-ack</c>.
    /// </summary>
    /// <returns>0 when every point received every revocation and no check after an acknowledgement was allowed; else 1.</returns>
    public static Task<int> RunAsync(string[] args) => RunAsync(RevocationOptions.From(Arguments.Parse(args)));

    public static async Task<int> RunAsync(RevocationOptions options)
    {
        var pollOverride = options.StreamPollMilliseconds > 0 ? TimeSpan.FromMilliseconds(options.StreamPollMilliseconds) : (TimeSpan?)null;
        Console.WriteLine(Text($"revocation fan-out: {options.EnforcementPoints:N0} enforcement points watching {options.Plants} plants, {options.Rounds} revocations, {options.Channels} gRPC channels, {options.Checkers} checker(s) per mode, {(options.Acknowledge ? "acknowledging" : "not acknowledging")}, stream pulling period {(pollOverride is { } period ? $"{period.TotalMilliseconds:0} ms (override)" : "as configured")}; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));

        await using var plane = await LoopbackControlPlane.StartAsync(pollOverride);
        var setup = Stopwatch.StartNew();
        var (plants, assets) = await ApplyFleetAsync(plane, options);
        var channels = Enumerable.Range(0, options.Channels).Select(_ => plane.OpenChannel()).ToList();
        var admin = new CallOptions(new Metadata { { "authorization", $"Bearer {plane.Tokens.Issue("bench-admin", Role.FleetAdmin, [], TimeSpan.FromHours(1))}" } });
        var points = await EnrollAsync(channels, admin, plants, options.EnforcementPoints, options.Acknowledge);

        using var stopping = new CancellationTokenSource();
        foreach (var point in points)
        {
            point.Start(plants[point.Plant], stopping.Token);
        }

        var access = new AccessService.AccessServiceClient(channels[0]);
        var startEpochs = await CurrentEpochsAsync(plane, plants);
        if (!await WaitForAsync(points, startEpochs, TimeSpan.FromMinutes(5), acknowledged: true))
        {
            Console.WriteLine("setup failed: the points did not catch up with their plants' logs");
            return 1;
        }

        Console.WriteLine(Text($"setup: fleet applied, {points.Count:N0} points enrolled and watching in {setup.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine("round        acknowledged → received      call → received  received    allowed after ack       checks  unavailable");
        Console.WriteLine("             p50 ms  p99 ms  max ms          p99 ms   before ack  token / no token");

        var allLatencies = new List<double>();
        var allFromCall = new List<double>();
        var failures = 0;
        var allowsWithTokenAfterAck = 0L;
        var allowsWithoutTokenAfterAck = 0L;
        var checks = 0L;
        long[] lastLock = [];
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (round > 1)
            {
                var unlocked = await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = Revoked }, admin);
                // Quiet before the next lock: every point has received and acknowledged the unlock.
                if (!await WaitForAsync(points, EpochsOf(unlocked.Epochs, plants), acknowledged: true))
                {
                    failures++;
                    Console.WriteLine(Text($"round {round}: the unlock before it did not reach every point"));
                }
            }

            foreach (var point in points)
            {
                point.Forget();
            }

            var known = new long[plants.Count];
            var probe = new CheckProbe(known);
            var checkers = Enumerable.Range(0, options.Checkers)
                .SelectMany(i => new[] { (i, true), (i, false) })
                .Select(c => Task.Run(() => CheckLoopAsync(channels[(c.i + 1) % channels.Count], points, plants, assets, probe, c.Item2)))
                .ToList();

            // The checkers are seen to be allowed before the lock, or the zero after it would prove nothing.
            await probe.AllowedBeforeAsync(checkers.Count == 0 ? 0 : 2, DeliveryTimeout);

            var called = Stopwatch.GetTimestamp();
            var locked = await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = Revoked, Reason = $"benchmark round {round}" }, admin);
            var returned = Stopwatch.GetTimestamp();
            var epochs = EpochsOf(locked.Epochs, plants);
            for (var p = 0; p < plants.Count; p++)
            {
                Volatile.Write(ref known[p], epochs[p]);
            }

            probe.Acknowledged(Stopwatch.GetTimestamp());
            var delivered = await WaitForAsync(points, epochs);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            probe.Stop();
            await Task.WhenAll(checkers);

            var latencies = new List<double>(points.Count);
            var fromCall = new List<double>(points.Count);
            var early = 0;
            foreach (var point in points)
            {
                if (point.ReceivedAt(epochs[point.Plant]) is { } at)
                {
                    var milliseconds = Stopwatch.GetElapsedTime(returned, at).TotalMilliseconds;
                    early += at < returned ? 1 : 0;
                    latencies.Add(at < returned ? 0 : milliseconds);
                    fromCall.Add(Stopwatch.GetElapsedTime(called, at).TotalMilliseconds);
                }
            }

            latencies.Sort();
            fromCall.Sort();
            failures += delivered ? 0 : 1;
            if (round > 1 || options.Rounds == 1)
            {
                allLatencies.AddRange(latencies);
                allFromCall.AddRange(fromCall);
            }

            allowsWithTokenAfterAck += probe.AllowsAfterAckWithToken;
            allowsWithoutTokenAfterAck += probe.AllowsAfterAckWithoutToken;
            checks += probe.Checks;
            lastLock = epochs;
            Console.WriteLine(Text(
                $"{(round == 1 && options.Rounds > 1 ? "1 (warm-up)" : round.ToString(CultureInfo.InvariantCulture)),-12} {Percentile(latencies, 0.50),6:0.0}  {Percentile(latencies, 0.99),6:0.0}  {Percentile(latencies, 1.0),6:0.0}  {Percentile(fromCall, 0.99),15:0.0}  {early,11}  {probe.AllowsAfterAckWithToken,5} / {probe.AllowsAfterAckWithoutToken,-10}  {probe.Checks,7}  {probe.Unavailable,11}{(delivered ? "" : $"  NOT DELIVERED to {points.Count - latencies.Count}")}"));
        }

        allLatencies.Sort();
        allFromCall.Sort();
        Console.WriteLine(Text($"revoke acknowledged → received, {allLatencies.Count:N0} deliveries{(options.Rounds > 1 ? " (without the warm-up)" : "")}: p50 {Percentile(allLatencies, 0.50):0.0} ms, p99 {Percentile(allLatencies, 0.99):0.0} ms, max {Percentile(allLatencies, 1.0):0.0} ms (received before the acknowledgement counts 0)"));
        Console.WriteLine(Text($"revoke called → received: p50 {Percentile(allFromCall, 0.50):0.0} ms, p99 {Percentile(allFromCall, 0.99):0.0} ms, max {Percentile(allFromCall, 1.0):0.0} ms"));
        Console.WriteLine(Text($"checker: {checks:N0} checks; allowed after the acknowledgement: {allowsWithTokenAfterAck} with at_least_epoch, {allowsWithoutTokenAfterAck} without it"));
        await PrintPropagationStatusAsync(new EnforcementService.EnforcementServiceClient(channels[0]), admin, plants, lastLock);

        await stopping.CancelAsync();
        await Task.WhenAll(points.Select(p => p.StopAsync()));
        var faults = points.Count(p => p.Fault is not null);
        if (faults > 0)
        {
            Console.WriteLine(Text($"{faults} watch streams failed, e.g.: {points.First(p => p.Fault is not null).Fault!.Message}"));
        }

        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        return failures == 0 && allowsWithTokenAfterAck == 0 && faults == 0 ? 0 : 1;
    }

    /// <summary>A synthetic fleet plus one contractor who may view everything at every plant.</summary>
    private static async Task<(List<string> Plants, List<string> Assets)> ApplyFleetAsync(LoopbackControlPlane plane, RevocationOptions options)
    {
        var fleet = SyntheticFleet.Generate(options.Plants, SyntheticFleet.MinZonesPerPlant, 100, options.IdentitiesPerPlant * options.Plants, seed: 7);
        var viewer = new RoleSpec(ViewerRole, "may view everything (benchmark)", [new PermissionSpec([Policy.Access.Operation.View], [], [], [], [], PermissionConditions.None)]);
        var contractor = new IdentitySpec(
            IdentityId.Parse(Revoked), "Revoked Contractor", IdentityKind.Contractor, null, "Acme Services",
            fleet.Plants.Select(p => new PlantAssignment(p.Id, [ViewerRole], null)).ToList());
        fleet = fleet with { Roles = [.. fleet.DefinedRoles, viewer], Identities = [.. fleet.Identities, contractor] };
        var result = await plane.Cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(fleet, new FleetApplyOptions(DryRun: false, Prune: false, Actor: "bench"));
        if (!result.Applied)
        {
            throw new InvalidOperationException($"The benchmark fleet was not applied: {string.Join("; ", result.Violations.Take(5).Select(v => $"{v.Field}: {v.Description}"))}");
        }

        return (fleet.Plants.Select(p => p.Id.Value).ToList(), fleet.Plants.Select(p => p.Assets[0].Id.Value).ToList());
    }

    /// <summary>An administrator creates an enrollment token per point; each point enrolls with it.</summary>
    private static async Task<List<WatchingPoint>> EnrollAsync(List<GrpcChannel> channels, CallOptions admin, List<string> plants, int count, bool acknowledge)
    {
        var points = new WatchingPoint[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var plant = i % plants.Count;
            var client = new EnforcementService.EnforcementServiceClient(channels[i % channels.Count]);
            var id = Text($"pep-{i:D4}");
            var token = await client.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { EnforcementPointId = id, PlantId = plants[plant] }, admin);
            var enrolled = await client.EnrollAsync(new EnrollRequest(), Bearer(token.EnrollmentToken));
            points[i] = new WatchingPoint(plant, client, Bearer(enrolled.Credential), acknowledge);
        });
        return [.. points];
    }

    /// <summary>Keeps asking about the revoked identity at random plants, each time as that plant's first point.</summary>
    private static async Task CheckLoopAsync(GrpcChannel channel, List<WatchingPoint> points, List<string> plants, List<string> assets, CheckProbe probe, bool withToken)
    {
        var client = new DecisionService.DecisionServiceClient(channel);
        var random = new Random();
        while (!probe.Stopped)
        {
            var plant = random.Next(plants.Count);
            var started = Stopwatch.GetTimestamp();
            var atLeast = withToken ? probe.KnownEpoch(plant) : 0;
            try
            {
                var response = await client.CheckAsync(
                    new CheckRequest { PlantId = plants[plant], IdentityId = Revoked, AssetId = assets[plant], Operation = Operation.View, AtLeastEpoch = atLeast },
                    points[plant].Credential);
                probe.Record(started, response.Decision.Allow, withToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                probe.RecordUnavailable();
            }
        }
    }

    private static async Task PrintPropagationStatusAsync(EnforcementService.EnforcementServiceClient client, CallOptions admin, List<string> plants, long[] epochs)
    {
        if (epochs.Length == 0)
        {
            return;
        }

        var latencies = new List<double>();
        var behind = 0;
        for (var p = 0; p < plants.Count; p++)
        {
            var status = await client.GetPropagationStatusAsync(new GetPropagationStatusRequest { PlantId = plants[p], Epoch = epochs[p] }, admin);
            latencies.AddRange(status.EnforcementPoints.Where(e => e.LatencyMs >= 0).Select(e => (double)e.LatencyMs));
            behind += status.EnforcementPoints.Count(e => e.Behind);
        }

        latencies.Sort();
        Console.WriteLine(Text($"GetPropagationStatus of the last revocation (recorded → acknowledged, as the grains saw it): {latencies.Count:N0} acknowledged, {behind} behind; p50 {Percentile(latencies, 0.5):0} ms, p99 {Percentile(latencies, 0.99):0} ms, max {Percentile(latencies, 1.0):0} ms"));
    }

    /// <summary>Waits until every point has received (or also acknowledged) its plant's epoch; false after the timeout.</summary>
    private static async Task<bool> WaitForAsync(List<WatchingPoint> points, long[] epochs, TimeSpan? timeout = null, bool acknowledged = false)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? DeliveryTimeout).TotalSeconds * Stopwatch.Frequency);
        while (points.Any(p => (acknowledged ? p.AcknowledgedEpoch : p.LastEpoch) < epochs[p.Plant]))
        {
            if (Stopwatch.GetTimestamp() > deadline || points.Any(p => p.Fault is not null))
            {
                return false;
            }

            await Task.Delay(1);
        }

        return true;
    }

    private static async Task<long[]> CurrentEpochsAsync(LoopbackControlPlane plane, List<string> plants)
    {
        var epochs = new long[plants.Count];
        for (var p = 0; p < plants.Count; p++)
        {
            epochs[p] = await plane.Cluster.GetGrain<Grains.Plants.IPlantGrain>(plants[p]).GetEpochAsync();
        }

        return epochs;
    }

    private static long[] EpochsOf(IEnumerable<Api.V1.PlantEpoch> epochs, List<string> plants)
    {
        var byPlant = epochs.ToDictionary(e => e.PlantId, e => e.Epoch);
        return plants.Select(p => byPlant[p]).ToArray();
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static CallOptions Bearer(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } });

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the checkers saw in one round, split at the acknowledgement of the lock.</summary>
    private sealed class CheckProbe(long[] known)
    {
        private readonly TaskCompletionSource _allowedBefore = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _acknowledgedAt = long.MaxValue;
        private long _allowsBefore;
        private long _allowsAfterWithToken;
        private long _allowsAfterWithoutToken;
        private long _checks;
        private long _unavailable;
        private volatile bool _stopped;
        private int _needed;

        public bool Stopped => _stopped;

        public long AllowsAfterAckWithToken => Interlocked.Read(ref _allowsAfterWithToken);

        public long AllowsAfterAckWithoutToken => Interlocked.Read(ref _allowsAfterWithoutToken);

        public long Checks => Interlocked.Read(ref _checks);

        public long Unavailable => Interlocked.Read(ref _unavailable);

        public long KnownEpoch(int plant) => Volatile.Read(ref known[plant]);

        public Task AllowedBeforeAsync(int needed, TimeSpan timeout)
        {
            _needed = needed;
            if (needed == 0 || Interlocked.Read(ref _allowsBefore) >= needed)
            {
                _allowedBefore.TrySetResult();
            }

            return _allowedBefore.Task.WaitAsync(timeout);
        }

        public void Acknowledged(long at) => Volatile.Write(ref _acknowledgedAt, at);

        public void Stop() => _stopped = true;

        public void Record(long started, bool allowed, bool withToken)
        {
            Interlocked.Increment(ref _checks);
            if (!allowed)
            {
                return;
            }

            if (started <= Volatile.Read(ref _acknowledgedAt))
            {
                if (Interlocked.Increment(ref _allowsBefore) >= _needed && _needed > 0)
                {
                    _allowedBefore.TrySetResult();
                }
            }
            else if (withToken)
            {
                Interlocked.Increment(ref _allowsAfterWithToken);
            }
            else
            {
                Interlocked.Increment(ref _allowsAfterWithoutToken);
            }
        }

        public void RecordUnavailable() => Interlocked.Increment(ref _unavailable);
    }
}
