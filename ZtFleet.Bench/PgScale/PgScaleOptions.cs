namespace ZtFleet.Bench.PgScale;

/// <summary>What <c>pg-scale</c> runs (defaults: the scale).</summary>
/// <param name="Plants">Plants of the fleet, applied one by one through ApplyFleet.</param>
/// <param name="Zones">Zones per plant.</param>
/// <param name="AssetsPerPlant">Assets per plant (the first plant's apply is the "one plant" figure).</param>
/// <param name="IdentitiesPerPlant">Identities per plant (50,000 for 100 plants).</param>
/// <param name="SmallPlantAssets">Assets of the small plant the WAL and latency figures are compared with.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="Runs">Whole runs, each with fresh processes and database; figures are their median.</param>
/// <param name="WalChanges">Locks and unlocks (alternating) measured per plant size.</param>
/// <param name="EnforcementPoints">Watching enforcement points.</param>
/// <param name="WatchedPlants">Plants the points are spread over.</param>
/// <param name="PropagationRounds">Locks measured while the points watch (after one warm-up).</param>
/// <param name="GrainAssets">Asset grains activated through GetAsset for the memory figure.</param>
/// <param name="GrainActivateMinutes">Bound of the warm-up and of the activation through GetAsset, each.</param>
/// <param name="ApplyTimeoutMinutes">Deadline of one ApplyFleet or ImportAssetsCsv call.</param>
/// <param name="FleetTimeoutMinutes">Bound of applying all the plants.</param>
/// <param name="PgMaxConnections">PostgreSQL max_connections: by default the AppHost's (<c>ZtFleet:Postgres:MaxConnections</c>, 150).</param>
/// <param name="LogFolder">Where the processes' logs go; empty: a new folder under /tmp.</param>
public sealed record PgScaleOptions(
    int Plants = 100,
    int Zones = 50,
    int AssetsPerPlant = 10_000,
    int IdentitiesPerPlant = 500,
    int SmallPlantAssets = 100,
    int Seed = 42,
    int Runs = 3,
    int WalChanges = 100,
    int EnforcementPoints = 1000,
    int WatchedPlants = 10,
    int PropagationRounds = 5,
    int GrainAssets = 100_000,
    int GrainActivateMinutes = 10,
    int ApplyTimeoutMinutes = 10,
    int FleetTimeoutMinutes = 60,
    int PgMaxConnections = 150,
    string? LogFolder = null)
{
    internal static PgScaleOptions From(Arguments arguments)
    {
        var quick = arguments.Flag("quick");
        var options = new PgScaleOptions(
            arguments.Int("plants", quick ? 2 : 100),
            arguments.Int("zones", 50),
            arguments.Int("assets-per-plant", quick ? 2_000 : 10_000),
            arguments.Int("identities-per-plant", quick ? 100 : 500),
            arguments.Int("small-plant-assets", 100),
            arguments.Int("seed", 42),
            arguments.Int("runs", quick ? 1 : 3),
            arguments.Int("wal-changes", quick ? 20 : 100),
            arguments.Int("peps", quick ? 100 : 1000),
            arguments.Int("watched-plants", 10),
            arguments.Int("rounds", quick ? 3 : 5),
            arguments.Int("grain-assets", quick ? 2_000 : 100_000),
            arguments.Int("grain-activate-minutes", 10),
            arguments.Int("apply-timeout-minutes", 10),
            arguments.Int("fleet-timeout-minutes", 60),
            arguments.Int("pg-max-connections", 150),
            arguments.Text("logs"));
        arguments.RejectUnknown();
        if (options.Plants < 1 || options.Runs < 1 || options.WalChanges < 2 || options.EnforcementPoints < 0 || options.WatchedPlants < 1
            || options.PropagationRounds < 1 || options.GrainAssets < 0 || options.GrainActivateMinutes < 1 || options.IdentitiesPerPlant < 0 || options.ApplyTimeoutMinutes < 1
            || options.FleetTimeoutMinutes < 1 || options.PgMaxConnections < 10 || options.SmallPlantAssets < 2 * options.Zones)
        {
            throw new ArgumentException("need --plants, --runs, --rounds, --watched-plants >= 1, --wal-changes >= 2, no negative counts, "
                + "--pg-max-connections >= 10, and --small-plant-assets >= 2 x --zones");
        }

        return options;
    }
}
