using System.Diagnostics;
using System.Globalization;
using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Bench.Segmentation;

/// <summary>
/// Ruleset compile time for one plant of 50 zones, 200 conduits and 10,000 assets (issue 4 point 8): the whole plant
/// (a point bound to no zone) and each zone on its own, nftables with and without a Modbus proxy and the JSON ACL,
/// with quarantines in force; the median of several runs after a warm-up.
/// </summary>
internal static class RulesetCompileBenchmark
{
    public static int Run(Arguments arguments)
    {
        var zones = arguments.Int("zones", 50);
        var assets = arguments.Int("assets", 10_000);
        var conduits = arguments.Int("conduits", 200);
        var runs = arguments.Int("runs", 15);
        var plant = WithConduits(SyntheticFleet.Generate(1, zones, assets, 0, 42).Plants[0], conduits);

        // A few quarantines, as after an incident: every 500th asset, every other one isolated with a forensics path.
        var forensics = plant.Assets.First(a => a.Type == AssetType.EngineeringWorkstation).Id;
        var quarantines = plant.Assets
            .Where((_, i) => i % 500 == 250)
            .Select((a, i) => new AssetQuarantine(a.Id, i % 2 == 0 ? QuarantineMode.RestrictWrites : QuarantineMode.Isolate, [forensics], $"q-{i}", DateTimeOffset.UnixEpoch, "bench"))
            .ToList();
        var snapshot = PlantSnapshot.Create(plant, StandardRoles.All, FleetPolicy.Default, [], 1, quarantines);
        var whole = RulesetScope.Of(snapshot, null);
        var perZone = plant.Zones.Select(z => RulesetScope.Of(snapshot, [z.Id])).ToList();

        Console.WriteLine(Invariant($"plant: {plant.Zones.Count} zones, {plant.Conduits.Count} conduits, {plant.Assets.Count:N0} assets, {plant.Flows.Count:N0} declared flows, {quarantines.Count} quarantines"));
        var nft = NftablesRuleset.Compile(whole);
        var proxied = NftablesRuleset.Compile(whole, 5020);
        var acl = JsonAcl.Compile(whole);
        Console.WriteLine(Invariant($"whole-plant ruleset: nftables {nft.Length / 1024.0:0.0} KiB, {Lines(nft, " accept comment ")} accept rules; with proxy {Lines(proxied, " redirect to ")} redirects; JSON ACL {acl.Length / 1024.0:0.0} KiB"));

        Report("nftables, whole plant", runs, () => NftablesRuleset.Compile(whole));
        Report("nftables + Modbus proxy, whole plant", runs, () => NftablesRuleset.Compile(whole, 5020));
        Report("JSON ACL, whole plant", runs, () => JsonAcl.Compile(whole));
        Report($"nftables, all {perZone.Count} zones one by one", runs, () => string.Concat(perZone.Select(s => NftablesRuleset.Compile(s)).Select(t => t[..1])));
        Report("flow model (CheckFlow index), whole plant", runs, () => FlowModel.Create(snapshot).Plant.Value);
        NftCheck(nft);
        return 0;
    }

    // Pads the generated conduits to the wanted count with bidirectional OPC UA interlocks between neighbouring cells.
    internal static PlantSpec WithConduits(PlantSpec plant, int wanted)
    {
        var cells = plant.Zones.Where(z => z.Kind == ZoneKind.OtControl).Select(z => z.Id).ToList();
        var list = plant.Conduits.ToList();
        for (var i = 0; list.Count < wanted; i++)
        {
            var (from, to) = (cells[i % cells.Count], cells[(i + 1 + (i / cells.Count)) % cells.Count]);
            if (from == to)
            {
                continue;
            }

            list.Add(new ConduitSpec(
                ConduitId.Parse(Invariant($"interlock-{i:D3}")), from, to, Protocol.OpcUa, 4840, ["read"], ConduitDirection.Bidirectional,
                [AssetType.Plc], [], [AssetType.Plc], [], "Cell-to-cell interlock"));
        }

        return plant with { Conduits = list.Take(wanted).ToList() };
    }

    private static void Report(string what, int runs, Func<string> compile)
    {
        compile();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            compile();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(Invariant($"  {what,-44} median {times[times.Count / 2],8:0.00} ms   min {times[0],8:0.00} ms   max {times[^1],8:0.00} ms"));
    }

    private static void NftCheck(string ruleset)
    {
        var nft = new[] { "/usr/sbin/nft", "/sbin/nft" }.FirstOrDefault(File.Exists);
        if (nft is null)
        {
            Console.WriteLine("  nft --check: nft not installed");
            return;
        }

        var file = Path.Combine(Path.GetTempPath(), $"ztfleet-bench-{Guid.NewGuid():N}.nft");
        File.WriteAllText(file, ruleset);
        try
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo(nft, ["--check", "-f", file]) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Console.WriteLine(process.ExitCode == 0
                ? Invariant($"  nft --check of the whole-plant ruleset: accepted in {watch.Elapsed.TotalMilliseconds:0} ms")
                : $"  nft --check: exit {process.ExitCode}: {error.Trim()}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int Lines(string text, string marker) => text.Split('\n').Count(l => l.Contains(marker, StringComparison.Ordinal));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
