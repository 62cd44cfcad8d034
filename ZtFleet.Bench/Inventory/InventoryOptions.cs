namespace ZtFleet.Bench.Inventory;

/// <summary>Scale and limits of the inventory benchmark; the defaults are the scale ZtFleet is designed for.</summary>
internal sealed record InventoryOptions(
    int Plants,
    int ZonesPerPlant,
    int AssetsPerPlant,
    int Identities,
    int Seed,
    int GrainAssets,
    bool SkipApply,
    bool SkipGrainMemory,
    TimeSpan ApplyTimeout,
    long MaxMemoryBytes)
{
    public static InventoryOptions From(Arguments arguments)
    {
        var options = new InventoryOptions(
            Plants: arguments.Int("plants", 100),
            ZonesPerPlant: arguments.Int("zones", 50),
            AssetsPerPlant: arguments.Int("assets-per-plant", 10_000),
            Identities: arguments.Int("identities", 50_000),
            Seed: arguments.Int("seed", 42),
            GrainAssets: arguments.Int("grain-assets", 100_000),
            SkipApply: arguments.Flag("skip-apply"),
            SkipGrainMemory: arguments.Flag("skip-grain-memory"),
            ApplyTimeout: TimeSpan.FromMinutes(arguments.Int("apply-timeout-minutes", 30)),
            MaxMemoryBytes: arguments.Int("max-memory-gb", 22) * (1L << 30));
        arguments.RejectUnknown();
        return options;
    }
}
