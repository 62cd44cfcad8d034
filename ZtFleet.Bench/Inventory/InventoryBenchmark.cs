using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using ZtFleet.Bench.Generation;
using ZtFleet.Bench.Hosting;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.Inventory;

/// <summary>
/// The inventory benchmark of the scale issue: (b) heap per activated asset grain, then (a) applying a whole
/// generated fleet to a real in-process silo, twice.
/// </summary>
/// <remarks>
/// (b) runs first, on fresh silos, so that its heap figures are not disturbed by the million activations of (a).
/// All figures are printed as they are measured and again as <c>RESULT</c> lines at the end.
/// </remarks>
internal static class InventoryBenchmark
{
    /// <summary>The issue's goal for one activated asset grain.</summary>
    private const long GoalBytesPerAssetGrain = 4 * 1024;

    private const int ConcurrentCalls = 1_000;

    public static async Task<int> RunAsync(InventoryOptions options)
    {
        var results = new List<(string Key, string Value)>();
        PrintMachine();
        if (!options.SkipGrainMemory)
        {
            await MeasureGrainMemoryAsync(options, results);
        }

        var exitCode = 0;
        if (!options.SkipApply)
        {
            exitCode = await MeasureApplyAsync(options, results);
        }

        Console.WriteLine();
        foreach (var (key, value) in results)
        {
            Console.WriteLine($"RESULT {key}={value}");
        }

        return exitCode;
    }

    /// <summary>
    /// (b) Heap per activated asset grain: the generated plants are applied first (the facts live in their plant
    /// grains, the one home of inventory facts), then <c>GetFactsAsync</c> activates N asset grains straight from the
    /// co-hosted client, heap after full collections before and after. An asset grain holds no copy of its facts, so
    /// the difference is what the activations themselves cost.
    /// </summary>
    private static async Task MeasureGrainMemoryAsync(InventoryOptions options, List<(string, string)> results)
    {
        var count = options.GrainAssets;
        Console.WriteLine();
        Console.WriteLine($"(b) Heap per activated asset grain, {Format.Count(count)} grains, their plants applied first");

        var (fleet, keys) = GrainPlants(count, options.Seed);
        await using var silo = await BenchSilo.StartAsync();
        await silo.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(fleet, new FleetApplyOptions(DryRun: false, Prune: true, "bench"));

        // Warm-up: JIT, pools and directory structures are not what one more grain costs.
        var warmUp = Math.Min(2_000, count / 10);
        await GetFactsAsync(silo.Grains, keys.Take(warmUp).ToArray());

        var before = MemoryGauge.HeapAfterFullCollection();
        var stopwatch = Stopwatch.StartNew();
        var measured = keys.Skip(warmUp).ToArray();
        await GetFactsAsync(silo.Grains, measured);
        stopwatch.Stop();
        var after = MemoryGauge.HeapAfterFullCollection();
        var activations = await CountActivationsAsync(silo.Grains, nameof(AssetGrain));
        GC.KeepAlive(fleet);

        var perGrain = (after - before) / measured.Length;
        var holds = perGrain <= GoalBytesPerAssetGrain;
        Console.WriteLine($"  activated {Format.Count(measured.Length)} asset grains in {Format.Seconds(stopwatch.Elapsed)} ({Format.Count((long)(measured.Length / stopwatch.Elapsed.TotalSeconds))}/s); asset activations counted by the management grain: {Format.Count(activations)} (warm-up included)");
        Console.WriteLine($"  heap after full GC: before {Format.Bytes(before)}, after {Format.Bytes(after)}, difference {Format.Bytes(after - before)}");
        Console.WriteLine($"  per asset grain: {Format.Count(perGrain)} bytes (goal <= {Format.Count(GoalBytesPerAssetGrain)}: {(holds ? "HOLDS" : "MISSED")})");
        results.Add(("grain_memory.grains", measured.Length.ToString(CultureInfo.InvariantCulture)));
        results.Add(("grain_memory.bytes_per_grain", perGrain.ToString(CultureInfo.InvariantCulture)));
        results.Add(("grain_memory.goal_4k", holds ? "holds" : "missed"));
        results.Add(("grain_memory.activation_seconds", stopwatch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// (a) Applies the generated fleet through <see cref="IFleetGrain.ApplyAsync"/> (prune, not dry run), then the same
    /// document again, which must change nothing.
    /// </summary>
    private static async Task<int> MeasureApplyAsync(InventoryOptions options, List<(string, string)> results)
    {
        var assets = (long)options.Plants * options.AssetsPerPlant;
        Console.WriteLine();
        Console.WriteLine(
            $"(a) Apply {Format.Count(options.Plants)} plants x {Format.Count(options.AssetsPerPlant)} assets = {Format.Count(assets)} assets, " +
            $"{options.ZonesPerPlant} zones per plant, {Format.Count(options.Identities)} identities, to one in-process silo (memory storage)");

        var heapBeforeDocument = MemoryGauge.HeapAfterFullCollection();
        var stopwatch = Stopwatch.StartNew();
        var document = SyntheticFleet.Generate(options.Plants, options.ZonesPerPlant, options.AssetsPerPlant, options.Identities, options.Seed);
        var generation = stopwatch.Elapsed;
        var documentBytes = MemoryGauge.HeapAfterFullCollection() - heapBeforeDocument;
        Console.WriteLine(
            $"  generated in {Format.Seconds(generation)}: {Format.Count(document.Plants.Sum(p => p.Zones.Count))} zones, " +
            $"{Format.Count(document.Plants.Sum(p => p.Conduits.Count))} conduits, {Format.Count(document.Plants.Sum(p => p.Flows.Count))} flows; " +
            $"the document holds {Format.Bytes(documentBytes)} of heap");

        // Not disposed: stopping would deactivate every grain, which is no part of the measurement and takes longer
        // than the apply itself at full scale. The process ends after the figures are printed.
        var silo = await BenchSilo.StartAsync();
        using var gauge = new MemoryGauge(options.MaxMemoryBytes);
        var fleet = silo.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);
        var applyOptions = new FleetApplyOptions(DryRun: false, Prune: true, Actor: "bench");

        stopwatch.Restart();
        var firstApply = fleet.ApplyAsync(document, applyOptions);
        if (await Task.WhenAny(firstApply, Task.Delay(options.ApplyTimeout)) != firstApply)
        {
            Console.WriteLine(
                $"  NOT FINISHED: the first apply was still running after {options.ApplyTimeout.TotalMinutes:0} minutes " +
                $"(peak heap {Format.Bytes(gauge.PeakHeapBytes)}, peak working set {Format.Bytes(gauge.PeakWorkingSetBytes)})");
            results.Add(("apply.first.status", "not-finished"));
            results.Add(("apply.first.timeout_minutes", options.ApplyTimeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)));
            results.Add(("apply.peak_working_set_bytes", gauge.PeakWorkingSetBytes.ToString(CultureInfo.InvariantCulture)));
            return 4;
        }

        var first = await firstApply;
        var firstElapsed = stopwatch.Elapsed;
        if (!first.Applied || first.Violations.Count > 0)
        {
            Console.WriteLine($"  FAILED: applied={first.Applied}, {first.Violations.Count} violations");
            foreach (var violation in first.Violations.Take(10))
            {
                Console.WriteLine($"    {violation.Field}: {violation.Description}");
            }

            results.Add(("apply.first.status", "failed"));
            return 5;
        }

        var peakHeap = gauge.PeakHeapBytes;
        var peakWorkingSet = gauge.PeakWorkingSetBytes;
        var retained = MemoryGauge.HeapAfterFullCollection();
        var activations = await ActivationsByClassAsync(silo.Grains);
        Console.WriteLine(
            $"  first apply: {Format.Seconds(firstElapsed)}, {Format.Count(first.Changes.Count)} changes, generation {first.Generation} " +
            $"({Format.Count((long)(assets / firstElapsed.TotalSeconds))} assets/s)");
        Console.WriteLine($"  activations: {string.Join(", ", activations.Select(a => $"{a.Key} {Format.Count(a.Value)}"))}");
        Console.WriteLine(
            $"  peak during the apply: managed heap {Format.Bytes(peakHeap)}, working set {Format.Bytes(peakWorkingSet)} (sampled every 250 ms); " +
            $"heap retained after full GC {Format.Bytes(retained)} (document included)");

        stopwatch.Restart();
        var second = await fleet.ApplyAsync(document, applyOptions);
        var secondElapsed = stopwatch.Elapsed;
        var unchanged = !second.Applied && second.Changes.Count == 0 && second.Violations.Count == 0;
        Console.WriteLine(
            $"  second apply of the same document: {Format.Seconds(secondElapsed)}, applied={second.Applied}, " +
            $"{second.Changes.Count} changes, generation {second.Generation} ({(unchanged ? "no changes, as expected" : "UNEXPECTED")})");
        var peakProcess = MemoryGauge.ProcessPeakWorkingSetBytes;
        Console.WriteLine($"  process peak working set (kernel, whole run): {Format.Bytes(peakProcess)}");

        results.Add(("apply.plants", options.Plants.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.assets", assets.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.identities", options.Identities.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.generate_seconds", generation.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
        results.Add(("apply.document_heap_bytes", documentBytes.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.first.seconds", firstElapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
        results.Add(("apply.first.changes", first.Changes.Count.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.peak_heap_bytes", peakHeap.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.peak_working_set_bytes", peakWorkingSet.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.retained_heap_bytes", retained.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.second.seconds", secondElapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
        results.Add(("apply.second.changes", second.Changes.Count.ToString(CultureInfo.InvariantCulture)));
        results.Add(("apply.process_peak_working_set_bytes", peakProcess.ToString(CultureInfo.InvariantCulture)));
        GC.KeepAlive(document);
        return unchanged ? 0 : 6;
    }

    /// <summary>
    /// Generated plants of up to 10,000 assets (as in the issue's fleet) holding <paramref name="count"/> assets, and
    /// the grain keys of those assets.
    /// </summary>
    private static (FleetDocument Fleet, string[] Keys) GrainPlants(int count, int seed)
    {
        var perPlant = Math.Min(count, 10_000);
        var zones = Math.Clamp(perPlant / 4, SyntheticFleet.MinZonesPerPlant, 50);
        var plants = (count + perPlant - 1) / perPlant;
        var fleet = SyntheticFleet.Generate(plants, zones, Math.Max(perPlant, zones * 2), identities: 0, seed);
        var keys = fleet.Plants
            .SelectMany(p => p.Assets.Select(a => GrainKeys.Asset(p.Id, a.Id)))
            .Take(count)
            .ToArray();
        return (fleet, keys);
    }

    private static async Task GetFactsAsync(IGrainFactory grains, IReadOnlyList<string> keys)
    {
        for (var i = 0; i < keys.Count; i += ConcurrentCalls)
        {
            var end = Math.Min(keys.Count, i + ConcurrentCalls);
            var calls = new Task[end - i];
            for (var j = i; j < end; j++)
            {
                calls[j - i] = grains.GetGrain<IAssetGrain>(keys[j]).GetFactsAsync();
            }

            await Task.WhenAll(calls);
        }
    }

    /// <summary>Activations per ZtFleet grain class (short name).</summary>
    private static async Task<SortedDictionary<string, long>> ActivationsByClassAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var statistic in statistics)
        {
            var name = statistic.GrainType.Split(',')[0].Split('.')[^1];
            if (statistic.GrainType.Contains("ZtFleet", StringComparison.Ordinal))
            {
                counts[name] = counts.GetValueOrDefault(name) + statistic.ActivationCount;
            }
        }

        return counts;
    }

    private static async Task<long> CountActivationsAsync(IGrainFactory grains, string grainClass) =>
        (await ActivationsByClassAsync(grains)).GetValueOrDefault(grainClass);

    private static void PrintMachine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Console.WriteLine(
            $"ZtFleet inventory benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores, " +
            $"{Format.Bytes(memory)} available to the GC; {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC");
    }
}
