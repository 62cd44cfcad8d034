using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Npgsql;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Propagation;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// One run of <c>pg-scale</c>: a fresh PostgreSQL, two silos and the API, the fleet applied plant by plant through
/// the API, then WAL and latency per identity change, fan-out to watching enforcement points, and heap per asset grain.
/// </summary>
/// <remarks>
/// Every step is bounded in time and reports what did not happen; a failed step is recorded with the status the API
/// gave and the run goes on with the next, so one run shows every failure at once.
/// </remarks>
internal sealed class PgScaleRun(PgScaleFleet fleet, string productRoot, string logFolder, Cleanup cleanup)
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);
    private readonly PgScaleOptions _options = fleet.Options;
    private readonly RunFigures _figures = new();
    private ThrowawayPostgres _postgres = null!;
    private ControlPlane _plane = null!;
    private Dictionary<string, long> _epochs = new(StringComparer.Ordinal);

    public async Task<RunFigures> RunAsync(string binDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(logFolder);
        try
        {
            _postgres = await ThrowawayPostgres.StartAsync(binDirectory, _options.PgMaxConnections, cleanup, cancellationToken);
            Console.WriteLine($"  PostgreSQL {_postgres.Version} on 127.0.0.1:{_postgres.Port}, data {_postgres.DataDirectory}, max_connections={_postgres.MaxConnections}");
            _plane = await ControlPlane.StartAsync(_postgres, productRoot, logFolder, cleanup, cancellationToken);
            Console.WriteLine($"  silos pid {string.Join(", ", _plane.Silos.Select(s => s.Pid))}, API pid {_plane.Api!.Pid} on {_plane.ApiAddress}; logs in {logFolder}");

            await StepAsync("apply one plant", TimeSpan.FromMinutes(_options.ApplyTimeoutMinutes * 2), ApplyOnePlantAsync, cancellationToken);
            await StepAsync("import the same assets by CSV", TimeSpan.FromMinutes(_options.ApplyTimeoutMinutes * 2), ImportCsvAsync, cancellationToken);
            await StepAsync("apply the fleet plant by plant", TimeSpan.FromMinutes(_options.FleetTimeoutMinutes), ApplyFleetAsync, cancellationToken);
            await StepAsync("apply the benchmark's plant and identities", TimeSpan.FromMinutes(_options.ApplyTimeoutMinutes), ApplyBenchDocumentAsync, cancellationToken);
            await StepAsync("WAL and latency per identity change", TimeSpan.FromMinutes(10), WalPerChangeAsync, cancellationToken);
            await StepAsync("fan-out to watching enforcement points", TimeSpan.FromMinutes(15), FanOutAsync, cancellationToken);
            RecordPeaks("at the end of the run, before the restart");
            await StepAsync("heap per activated asset grain", TimeSpan.FromMinutes((2 * _options.GrainActivateMinutes) + 5), GrainMemoryAsync, cancellationToken);
            await StepAsync("database size", TimeSpan.FromMinutes(2), async token =>
            {
                _figures.Set("db_size_end_mib", await _postgres.DatabaseSizeAsync(token) / (double)(1 << 20));
                foreach (var line in await _postgres.DescribeStorageAsync(token))
                {
                    Console.WriteLine("    " + line);
                }
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail("start", e);
        }
        finally
        {
            if (_plane is not null)
            {
                await _plane.DisposeAsync();
            }

            if (_postgres is not null)
            {
                if (File.Exists(_postgres.LogFile))
                {
                    File.Copy(_postgres.LogFile, Path.Combine(logFolder, "postgres.log"), overwrite: true);
                }

                await _postgres.DisposeAsync();
                cleanup.Postgres(null);
            }

            SummarizeLogs();
        }

        return _figures;
    }

    private async Task StepAsync(string name, TimeSpan bound, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  -- {name} (bounded to {bound.TotalMinutes:0} min)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        var watch = Stopwatch.StartNew();
        try
        {
            await step(timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Fail(name, new TimeoutException($"did not finish within {bound.TotalMinutes:0} min ({e.GetType().Name}: {Short(e.Message)})"));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(name, e);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     ({name}: {watch.Elapsed.TotalSeconds:0.0} s)"));
    }

    private async Task ApplyOnePlantAsync(CancellationToken cancellationToken)
    {
        var document = fleet.PlantDocument(0);
        Console.WriteLine($"    plant {fleet.Plants[0].Id}: {Format.Count(fleet.Plants[0].Assets.Count)} assets, {Format.Bytes(document.Length)} of YAML");
        var (first, elapsed) = await ApplyAsync(document, cancellationToken);
        _figures.Set("apply_one_s", elapsed.TotalSeconds);
        Console.WriteLine($"    applied={first.Applied}, {Format.Count(first.Changes.Count)} changes, generation {first.Generation}");
        _plantTimes.Add(elapsed.TotalSeconds);

        var (again, elapsedAgain) = await ApplyAsync(document, cancellationToken);
        _figures.Set("reapply_one_s", elapsedAgain.TotalSeconds);
        _figures.Set("reapply_one_changes", again.Changes.Count);
        Console.WriteLine($"    again: applied={again.Applied}, {again.Changes.Count} changes, generation {again.Generation}");
    }

    private readonly List<double> _plantTimes = [];

    private async Task ImportCsvAsync(CancellationToken cancellationToken)
    {
        var (empty, emptyElapsed) = await ApplyAsync(fleet.EmptyCsvPlantDocument(), cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    fresh plant {PgScaleFleet.CsvPlant} (zones only): applied={empty.Applied} in {emptyElapsed.TotalSeconds:0.00} s"));
        var csv = fleet.FirstPlantCsv();
        var client = new FleetService.FleetServiceClient(_plane.Channel);
        var watch = Stopwatch.StartNew();
        var imported = await client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = PgScaleFleet.CsvPlant.Value, Csv = csv },
            _plane.Admin.WithDeadline(DateTime.UtcNow.AddMinutes(_options.ApplyTimeoutMinutes)).WithCancellationToken(cancellationToken));
        _figures.Set("csv_import_s", watch.Elapsed.TotalSeconds);
        Console.WriteLine($"    {Format.Bytes(csv.Length)} of CSV: applied={imported.Applied}, {Format.Count(imported.AssetsRead)} assets read, {Format.Count(imported.Changes.Count)} changes");
    }

    private async Task ApplyFleetAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var failures = 0;
        for (var index = 1; index < fleet.Plants.Count && failures < 3; index++)
        {
            try
            {
                var (result, elapsed) = await ApplyAsync(fleet.PlantDocument(index), cancellationToken);
                _plantTimes.Add(elapsed.TotalSeconds);
                failures = 0;
                if (index % 10 == 9 || index == fleet.Plants.Count - 1 || elapsed.TotalSeconds > 60)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    plant {index + 1}/{fleet.Plants.Count}: {elapsed.TotalSeconds:0.00} s, applied={result.Applied}; {wall.Elapsed.TotalSeconds:0} s so far; silo RSS {string.Join(" / ", _plane.Silos.Select(s => Format.Bytes(s.ResidentBytes ?? 0)))}"));
                }
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                failures++;
                Fail($"apply plant {index + 1} ({fleet.Plants[index].Id})", e);
            }
        }

        if (failures >= 3)
        {
            _figures.Failures.Add("apply the fleet: stopped after 3 failed plants in a row");
        }

        var sorted = _plantTimes.Order().ToList();
        _figures.Set("fleet_plants", _plantTimes.Count);
        _figures.Set("fleet_apply_sum_s", _plantTimes.Sum());
        _figures.Set("fleet_wall_s", wall.Elapsed.TotalSeconds + (_figures.Get("apply_one_s") ?? 0));
        if (sorted.Count > 0)
        {
            _figures.Set("fleet_plant_median_s", RunFigures.Percentile(sorted, 0.5));
            _figures.Set("fleet_plant_max_s", RunFigures.Percentile(sorted, 1.0));
        }
        RecordPeaks("after the fleet");
        _figures.Set("silo1_peak_rss_gib", (_plane.Silos[0].PeakResidentBytes ?? 0) / (double)(1L << 30));
        _figures.Set("silo2_peak_rss_gib", (_plane.Silos[1].PeakResidentBytes ?? 0) / (double)(1L << 30));
        _figures.Set("api_peak_rss_gib", (_plane.Api!.PeakResidentBytes ?? 0) / (double)(1L << 30));
        _figures.Set("db_size_mib", await _postgres.DatabaseSizeAsync(cancellationToken) / (double)(1 << 20));
    }

    private async Task ApplyBenchDocumentAsync(CancellationToken cancellationToken)
    {
        var (result, elapsed) = await ApplyAsync(fleet.BenchDocument(), cancellationToken);
        _epochs = result.Epochs.ToDictionary(e => e.PlantId, e => e.Epoch, StringComparer.Ordinal);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {PgScaleFleet.SmallPlant} ({_options.SmallPlantAssets} assets) and the probe identities: applied={result.Applied} in {elapsed.TotalSeconds:0.00} s"));
    }

    private async Task WalPerChangeAsync(CancellationToken cancellationToken)
    {
        var access = new AccessService.AccessServiceClient(_plane.Channel);
        await using var connection = new NpgsqlConnection(_postgres.ProbeConnectionString);
        await connection.OpenAsync(cancellationToken);
        var medians = new Dictionary<string, double>();
        foreach (var (size, identity) in new[] { ("large", PgScaleFleet.WalIdentityLarge), ("small", PgScaleFleet.WalIdentitySmall) })
        {
            // Warm-up: the identity and plant grains are activated, the API's connection to them is open.
            await LockAsync(access, identity, locked: true, cancellationToken);
            await LockAsync(access, identity, locked: false, cancellationToken);

            var wal = new List<double>();
            var latency = new List<double>();
            var start = await ThrowawayPostgres.WalPositionAsync(connection, cancellationToken);
            for (var i = 0; i < _options.WalChanges; i++)
            {
                var before = await ThrowawayPostgres.WalPositionAsync(connection, cancellationToken);
                latency.Add(await LockAsync(access, identity, locked: i % 2 == 0, cancellationToken));
                var after = await ThrowawayPostgres.WalPositionAsync(connection, cancellationToken);
                wal.Add((after - before) / 1024.0);
            }

            var end = await ThrowawayPostgres.WalPositionAsync(connection, cancellationToken);
            if (_options.WalChanges % 2 == 1)
            {
                await LockAsync(access, identity, locked: false, cancellationToken);
            }

            wal.Sort();
            latency.Sort();
            medians[size] = RunFigures.Percentile(wal, 0.5);
            _figures.Set($"wal_{size}_median_kib", RunFigures.Percentile(wal, 0.5));
            _figures.Set($"wal_{size}_p90_kib", RunFigures.Percentile(wal, 0.9));
            if (size == "large")
            {
                _figures.Set("wal_large_mean_kib", (end - start) / 1024.0 / _options.WalChanges);
            }

            _figures.Set($"lock_{size}_p50_ms", RunFigures.Percentile(latency, 0.5));
            _figures.Set($"lock_{size}_p99_ms", RunFigures.Percentile(latency, 0.99));
        }

        _figures.Set("wal_large_to_small", medians["large"] / medians["small"]);
    }

    /// <summary>Locks or unlocks <paramref name="identity"/>; returns the call's duration in milliseconds.</summary>
    private async Task<double> LockAsync(AccessService.AccessServiceClient access, string identity, bool locked, CancellationToken cancellationToken)
    {
        var call = _plane.Admin.WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        _ = locked
            ? await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = identity, Reason = "pg-scale benchmark" }, call)
            : await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = identity }, call);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private async Task FanOutAsync(CancellationToken cancellationToken)
    {
        var plants = fleet.WatchedPlants.Select(p => p.Value).ToList();
        var channels = Enumerable.Range(0, 10).Select(_ => _plane.OpenChannel()).ToList();
        var enroll = Stopwatch.StartNew();
        var points = new WatchingPoint[_options.EnforcementPoints];
        await Parallel.ForEachAsync(Enumerable.Range(0, points.Length), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var plant = i % plants.Count;
            var client = new EnforcementService.EnforcementServiceClient(channels[i % channels.Count]);
            var created = await client.CreateEnrollmentTokenAsync(
                new CreateEnrollmentTokenRequest { EnforcementPointId = string.Create(CultureInfo.InvariantCulture, $"bench-pep-{i:D4}"), PlantId = plants[plant] },
                _plane.Admin.WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(token));
            var enrolled = await client.EnrollAsync(new EnrollRequest(), Bearer(created.EnrollmentToken).WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(token));
            points[i] = new WatchingPoint(plant, client, Bearer(enrolled.Credential), acknowledge: true);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {points.Length} points enrolled across {plants.Count} plants in {enroll.Elapsed.TotalSeconds:0.0} s"));

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var point in points)
        {
            point.Start(plants[point.Plant], stopping.Token, _epochs.GetValueOrDefault(plants[point.Plant]));
        }

        try
        {
            var access = new AccessService.AccessServiceClient(_plane.Channel);
            var all = new List<double>();
            var allFromCall = new List<double>();
            var undelivered = 0;
            for (var round = 0; round <= _options.PropagationRounds; round++)
            {
                foreach (var point in points)
                {
                    point.Forget();
                }

                var call = _plane.Admin.WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(cancellationToken);
                var called = Stopwatch.GetTimestamp();
                var locked = await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = PgScaleFleet.RevokedIdentity, Reason = "pg-scale fan-out" }, call);
                var returned = Stopwatch.GetTimestamp();
                var epochs = EpochsOf(locked.Epochs, plants);
                var delivered = await WaitForAsync(points, epochs, TimeSpan.FromSeconds(30), cancellationToken);
                var latencies = new List<double>();
                var fromCall = new List<double>();
                foreach (var point in points)
                {
                    if (point.ReceivedAt(epochs[point.Plant]) is { } at)
                    {
                        // Received before the call returned counts 0: the point had it when the caller was told.
                        latencies.Add(at < returned ? 0 : Stopwatch.GetElapsedTime(returned, at).TotalMilliseconds);
                        fromCall.Add(Stopwatch.GetElapsedTime(called, at).TotalMilliseconds);
                    }
                }

                latencies.Sort();
                var missing = points.Length - latencies.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    round {round}{(round == 0 ? " (warm-up)" : "")}: acknowledged -> received p50 {RunFigures.Percentile(latencies, 0.5):0.0} ms, p99 {RunFigures.Percentile(latencies, 0.99):0.0} ms, max {RunFigures.Percentile(latencies, 1):0.0} ms; lock call took {Stopwatch.GetElapsedTime(called, returned).TotalMilliseconds:0.0} ms; called -> received p99 {RunFigures.Percentile(fromCall, 0.99):0.0} ms{(delivered ? "" : $", NOT DELIVERED to {missing}")}"));
                if (round > 0)
                {
                    all.AddRange(latencies);
                    allFromCall.AddRange(fromCall);
                    undelivered += missing;
                }

                var unlocked = await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = PgScaleFleet.RevokedIdentity }, _plane.Admin.WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(cancellationToken));
                if (!await WaitForAsync(points, EpochsOf(unlocked.Epochs, plants), TimeSpan.FromSeconds(30), cancellationToken))
                {
                    _figures.Notes.Add($"fan-out round {round}: the unlock after it did not reach every point within 30 s");
                }

                // Let the acknowledgements settle, so the next lock starts from quiet.
                await Task.Delay(200, cancellationToken);
            }

            all.Sort();
            _figures.Set("fanout_points", points.Length);
            _figures.Set("fanout_p50_ms", RunFigures.Percentile(all, 0.5));
            _figures.Set("fanout_p99_ms", RunFigures.Percentile(all, 0.99));
            _figures.Set("fanout_max_ms", RunFigures.Percentile(all, 1));
            _figures.Set("fanout_undelivered", undelivered);
            allFromCall.Sort();
            _figures.Set("fanout_call_p99_ms", RunFigures.Percentile(allFromCall, 0.99));
        }
        finally
        {
            await stopping.CancelAsync();
            await Task.WhenAll(points.Select(p => p.StopAsync()));
            var faults = points.Where(p => p.Fault is not null).ToList();
            if (faults.Count > 0)
            {
                _figures.Failures.Add($"fan-out: {faults.Count} watch streams failed, e.g. {Short(faults[0].Fault!.Message)}");
            }
        }
    }

    private async Task GrainMemoryAsync(CancellationToken cancellationToken)
    {
        // A restarted cluster has nothing activated; the apply above activated every asset grain it told its facts.
        await _plane.RestartAsync(cancellationToken);
        var warmUp = Math.Max(200, fleet.Plants.Count * 3);
        var keys = fleet.AssetsAcrossPlants(0).Take(warmUp + _options.GrainAssets).ToList();
        if (keys.Count <= warmUp)
        {
            throw new InvalidOperationException($"the fleet has only {keys.Count} assets, fewer than the warm-up of {warmUp}");
        }

        var measured = keys.Skip(warmUp).ToList();
        Console.WriteLine($"    restarted (silos pid {string.Join(", ", _plane.Silos.Select(s => s.Pid))}); warm-up: GetAsset on {Format.Count(warmUp)} assets across every plant");
        await GetAssetsAsync(keys.Take(warmUp).ToList(), TimeSpan.FromMinutes(_options.GrainActivateMinutes), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var before = await SiloMemoryAsync();

        var watch = Stopwatch.StartNew();
        var activated = await GetAssetsAsync(measured, TimeSpan.FromMinutes(_options.GrainActivateMinutes), cancellationToken);
        _figures.Set("grain_activate_s", watch.Elapsed.TotalSeconds);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var after = await SiloMemoryAsync();

        _figures.Set("grain_assets", activated);
        if (activated == 0)
        {
            throw new InvalidOperationException("no asset grain was activated");
        }

        _figures.Set("grain_rss_bytes", (after.Rss - before.Rss) / (double)activated);
        if (before.Heap is { } heapBefore && after.Heap is { } heapAfter)
        {
            _figures.Set("grain_heap_bytes", (heapAfter - heapBefore) / (double)activated);
        }

        Console.WriteLine($"    silos' GC heap {Format.Bytes(before.Heap ?? 0)} -> {Format.Bytes(after.Heap ?? 0)}, resident {Format.Bytes(before.Rss)} -> {Format.Bytes(after.Rss)}");
    }

    /// <summary>
    /// GetAsset on each of <paramref name="assets"/>, 32 at a time, until done or <paramref name="limit"/> has passed;
    /// returns how many answered. Throws when any failed.
    /// </summary>
    private async Task<int> GetAssetsAsync(List<(string Plant, string Asset)> assets, TimeSpan limit, CancellationToken cancellationToken)
    {
        var client = new FleetService.FleetServiceClient(_plane.Channel);
        var failed = 0;
        var answered = 0;
        RpcException? example = null;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await Parallel.ForEachAsync(assets, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = bounded.Token }, async (asset, token) =>
            {
                try
                {
                    await client.GetAssetAsync(new GetAssetRequest { PlantId = asset.Plant, AssetId = asset.Asset }, _plane.Admin.WithDeadline(DateTime.UtcNow + CallDeadline).WithCancellationToken(token));
                    Interlocked.Increment(ref answered);
                }
                catch (RpcException e) when (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    example ??= e;
                }
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _figures.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"GetAsset reached {answered:N0} of {assets.Count:N0} assets within {limit.TotalMinutes:0} min (--grain-activate-minutes); the heap figure divides by those"));
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"GetAsset failed for {failed} of {assets.Count} assets, e.g. {example!.StatusCode}: {Short(example.Status.Detail)}");
        }

        return answered;
    }

    /// <summary>Both silos' live GC heap (after a full collection each) and resident sets, summed.</summary>
    private async Task<(long? Heap, long Rss)> SiloMemoryAsync()
    {
        long? heap = 0;
        foreach (var silo in _plane.Silos)
        {
            try
            {
                heap += await GcHeapProbe.LiveHeapBytesAsync(silo.Pid, TimeSpan.FromSeconds(60));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _figures.Notes.Add($"GC heap of {silo.Name} not read ({e.GetType().Name}: {Short(e.Message)}); the resident-set figure stands alone");
                heap = null;
            }
        }

        return (heap, _plane.Silos.Sum(s => s.ResidentBytes ?? 0));
    }

    private async Task<(ApplyFleetResponse Result, TimeSpan Elapsed)> ApplyAsync(string document, CancellationToken cancellationToken)
    {
        var client = new FleetService.FleetServiceClient(_plane.Channel);
        var watch = Stopwatch.StartNew();
        var result = await client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = document },
            _plane.Admin.WithDeadline(DateTime.UtcNow.AddMinutes(_options.ApplyTimeoutMinutes)).WithCancellationToken(cancellationToken));
        return (result, watch.Elapsed);
    }

    private void RecordPeaks(string when)
    {
        var peaks = _plane.Silos.Append(_plane.Api!).Select(p => $"{p.Name} {Format.Bytes(p.PeakResidentBytes ?? 0)}");
        Console.WriteLine($"    peak resident set {when}: {string.Join(", ", peaks)}");
    }

    /// <summary>Counts in each process log the lines that mark trouble, as evidence beside the figures.</summary>
    private void SummarizeLogs()
    {
        string[] markers = ["53300", "too many clients", "CodecNotFoundException", "fail:", "crit:"];
        foreach (var log in Directory.EnumerateFiles(logFolder, "*.log").Order(StringComparer.Ordinal))
        {
            var counts = markers.Select(m => (m, File.ReadLines(log).Count(l => l.Contains(m, StringComparison.OrdinalIgnoreCase)))).Where(c => c.Item2 > 0).ToList();
            if (counts.Count > 0)
            {
                var line = $"{Path.GetFileName(log)}: {string.Join(", ", counts.Select(c => $"{Format.Count(c.Item2)} lines with '{c.m}'"))}";
                _figures.Notes.Add(line);
                Console.WriteLine("    log " + line);
            }
        }
    }

    private void Fail(string step, Exception e)
    {
        var message = e is RpcException rpc
            ? $"{step}: {rpc.StatusCode}: {Short(rpc.Status.Detail)}{Violations(rpc)}"
            : $"{step}: {e.GetType().Name}: {Short(e.Message)}";
        _figures.Failures.Add(message);
        Console.WriteLine("    FAILED " + message);
    }

    /// <summary>The first field violations of an INVALID_ARGUMENT (google.rpc.BadRequest details), if any.</summary>
    private static string Violations(RpcException e)
    {
        var badRequest = e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        return badRequest is null || badRequest.FieldViolations.Count == 0
            ? string.Empty
            : " [" + Short(string.Join("; ", badRequest.FieldViolations.Take(3).Select(v => $"{v.Field}: {v.Description}"))) + (badRequest.FieldViolations.Count > 3 ? "; …" : "") + "]";
    }

    private static async Task<bool> WaitForAsync(WatchingPoint[] points, long[] epochs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (points.Any(p => p.LastEpoch < epochs[p.Plant]))
        {
            if (Stopwatch.GetTimestamp() > deadline || points.Any(p => p.Fault is not null))
            {
                return false;
            }

            await Task.Delay(1, cancellationToken);
        }

        return true;
    }

    private static long[] EpochsOf(IEnumerable<PlantEpoch> epochs, List<string> plants)
    {
        var byPlant = epochs.ToDictionary(e => e.PlantId, e => e.Epoch, StringComparer.Ordinal);
        return plants.Select(p => byPlant.TryGetValue(p, out var epoch) ? epoch : long.MaxValue).ToArray();
    }

    private static CallOptions Bearer(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } });

    private static string Short(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
