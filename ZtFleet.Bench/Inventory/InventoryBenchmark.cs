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
    /// <summary>The issue's goal for one activated asset grain with its facts.</summary>
    private const long GoalBytesPerAssetGrain = 4 * 1024;

    private const int ConcurrentCalls = 1_000;

    public static async Task<int> RunAsync(InventoryOptions options)
    {
        var results = new List<(string Key, string Value)>();
        PrintMachine();
        if (!options.SkipGrainMemory)
        {
            await MeasureGrainMemoryAsync(options, discardGrainState: false, results);
            await MeasureGrainMemoryAsync(options, discardGrainState: true, results);
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
    /// (b) Heap per activated asset grain: <c>SetFactsAsync</c> on N asset grains straight from the co-hosted client,
    /// heap after full collections before and after. The facts objects the benchmark itself holds are allocated
    /// before the first measurement, so the difference is what the silo keeps per grain: the activation, its grain
    /// state with the facts copy the call delivered, and whatever the grain storage keeps.
    /// </summary>
    private static async Task MeasureGrainMemoryAsync(InventoryOptions options, bool discardGrainState, List<(string, string)> results)
    {
        var variant = discardGrainState ? "state-not-held-by-storage" : "memory-storage";
        var count = options.GrainAssets;
        Console.WriteLine();
        Console.WriteLine(discardGrainState
            ? $"(b2) Heap per activated asset grain, {Format.Count(count)} grains, storage that keeps nothing in the silo (as PostgreSQL)"
            : $"(b1) Heap per activated asset grain, {Format.Count(count)} grains, memory storage (UseZtFleetPersistence(null))");

        var items = GrainFacts(count, options.Seed);
        await using var silo = await BenchSilo.StartAsync(discardGrainState);

        // Warm-up on other keys: JIT, pools and directory structures are not what one more grain costs.
        var warmUp = items.Take(Math.Min(2_000, count)).Select((item, i) => ($"warm-up/{i}", item.Facts)).ToArray();
        await SetFactsAsync(silo.Grains, warmUp);

        var before = MemoryGauge.HeapAfterFullCollection();
        var stopwatch = Stopwatch.StartNew();
        await SetFactsAsync(silo.Grains, items);
        stopwatch.Stop();
        var after = MemoryGauge.HeapAfterFullCollection();
        var activations = await CountActivationsAsync(silo.Grains, nameof(AssetGrain));

        // What the grains' copies of the facts weigh: the same copies, made by the same copier, held here.
        var copier = silo.Services.GetRequiredService<DeepCopier>();
        var copies = new AssetSpec[count];
        for (var i = 0; i < count; i++)
        {
            copies[i] = copier.Copy(items[i].Facts);
        }

        var withCopies = MemoryGauge.HeapAfterFullCollection();
        GC.KeepAlive(copies);
        GC.KeepAlive(items);

        var perGrain = (after - before) / count;
        var perFacts = (withCopies - after) / count;
        var holds = perGrain <= GoalBytesPerAssetGrain;
        Console.WriteLine($"  activated {Format.Count(count)} asset grains in {Format.Seconds(stopwatch.Elapsed)} ({Format.Count((long)(count / stopwatch.Elapsed.TotalSeconds))}/s); asset activations counted by the management grain: {Format.Count(activations)} (warm-up included)");
        Console.WriteLine($"  heap after full GC: before {Format.Bytes(before)}, after {Format.Bytes(after)}, difference {Format.Bytes(after - before)}");
        Console.WriteLine($"  per asset grain: {Format.Count(perGrain)} bytes (goal <= {Format.Count(GoalBytesPerAssetGrain)}: {(holds ? "HOLDS" : "MISSED")})");
        Console.WriteLine($"    of which one copy of the facts (AssetSpec as the grain receives it): {Format.Count(perFacts)} bytes;");
        Console.WriteLine($"    activation, grain state and storage: {Format.Count(perGrain - perFacts)} bytes");
        results.Add(($"grain_memory.{variant}.grains", count.ToString(CultureInfo.InvariantCulture)));
        results.Add(($"grain_memory.{variant}.bytes_per_grain", perGrain.ToString(CultureInfo.InvariantCulture)));
        results.Add(($"grain_memory.{variant}.facts_bytes_per_grain", perFacts.ToString(CultureInfo.InvariantCulture)));
        results.Add(($"grain_memory.{variant}.goal_4k", holds ? "holds" : "missed"));
        results.Add(($"grain_memory.{variant}.activation_seconds", stopwatch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
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
    /// N asset facts with their grain keys, taken from generated plants of up to 10,000 assets (as in the issue's
    /// fleet), so each asset looks like one of a real plant.
    /// </summary>
    private static (string Key, AssetSpec Facts)[] GrainFacts(int count, int seed)
    {
        var perPlant = Math.Min(count, 10_000);
        var zones = Math.Clamp(perPlant / 4, SyntheticFleet.MinZonesPerPlant, 50);
        var plants = (count + perPlant - 1) / perPlant;
        var fleet = SyntheticFleet.Generate(plants, zones, Math.Max(perPlant, zones * 2), identities: 0, seed);
        return fleet.Plants
            .SelectMany(p => p.Assets.Select(a => (GrainKeys.Asset(p.Id, a.Id), a)))
            .Take(count)
            .ToArray();
    }

    private static async Task SetFactsAsync(IGrainFactory grains, IReadOnlyList<(string Key, AssetSpec Facts)> items)
    {
        for (var i = 0; i < items.Count; i += ConcurrentCalls)
        {
            var end = Math.Min(items.Count, i + ConcurrentCalls);
            var calls = new Task[end - i];
            for (var j = i; j < end; j++)
            {
                calls[j - i] = grains.GetGrain<IAssetGrain>(items[j].Key).SetFactsAsync(items[j].Facts);
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
