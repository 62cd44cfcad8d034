using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// The documents a pg-scale run sends through the API: the generated fleet cut into one document per plant, a CSV of
/// the first plant's assets for a fresh plant, and the benchmark's own plant and identities.
/// </summary>
/// <remarks>
/// A plant's document carries the plant and the identities whose last plant (in generation order) it is, so that every
/// plant an identity names already exists when it arrives (about one identity in ten works at two plants). Documents
/// never prune: each adds to what the fleet holds, as an operator loading plants one by one would.
/// </remarks>
internal sealed class PgScaleFleet
{
    /// <summary>Locked and unlocked to measure WAL and latency on a plant of the fleet's size (assigned at the first plant only).</summary>
    public const string WalIdentityLarge = "bench-wal-large";

    /// <summary>The same on the small plant.</summary>
    public const string WalIdentitySmall = "bench-wal-small";

    /// <summary>Locked while enforcement points watch: assigned at the first (up to) ten plants.</summary>
    public const string RevokedIdentity = "bench-revoked";

    public static readonly PlantId CsvPlant = PlantId.Parse("csv-import");
    public static readonly PlantId SmallPlant = PlantId.Parse("small-100");

    private const string Role = "control-engineer";
    private readonly FleetDocument _fleet;
    private readonly int[] _lastPlantOf;

    public PgScaleFleet(PgScaleOptions options)
    {
        Options = options;
        _fleet = SyntheticFleet.Generate(options.Plants, options.Zones, options.AssetsPerPlant, options.IdentitiesPerPlant * options.Plants, options.Seed);
        var index = _fleet.Plants.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        _lastPlantOf = _fleet.Identities.Select(identity => identity.Assignments.Max(a => index[a.Plant])).ToArray();
    }

    public PgScaleOptions Options { get; }

    public IReadOnlyList<PlantSpec> Plants => _fleet.Plants;

    public int Identities => _fleet.Identities.Count;

    /// <summary>The plants whose points watch the revocation.</summary>
    public IReadOnlyList<PlantId> WatchedPlants => _fleet.Plants.Take(Math.Min(Options.WatchedPlants, _fleet.Plants.Count)).Select(p => p.Id).ToList();

    /// <summary>Plant <paramref name="index"/> and the identities it completes, as YAML.</summary>
    public string PlantDocument(int index) =>
        FleetDocumentWriter.ToYaml(Document(
            [_fleet.Plants[index]],
            _fleet.Identities.Where((_, i) => _lastPlantOf[i] == index).ToList()));

    /// <summary>A plant with the first plant's zones and shifts but no assets, conduits or flows: the target of the CSV import.</summary>
    public string EmptyCsvPlantDocument()
    {
        var first = _fleet.Plants[0];
        return FleetDocumentWriter.ToYaml(Document(
            [first with { Id = CsvPlant, Name = "CSV import of " + first.Name, Assets = [], Conduits = [], Flows = [] }],
            []));
    }

    /// <summary>The first plant's assets as CSV with the column names ImportAssetsCsv reads without a mapping.</summary>
    public string FirstPlantCsv() => AssetCsvWriter.ToCsv(_fleet.Plants[0].Assets);

    /// <summary>
    /// A plant of <see cref="PgScaleOptions.SmallPlantAssets"/> assets with as many identities as the others (ids
    /// prefixed <c>sm-</c>), and the benchmark's three identities.
    /// </summary>
    public string BenchDocument()
    {
        var small = SyntheticFleet.Generate(1, Options.Zones, Options.SmallPlantAssets, Options.IdentitiesPerPlant, Options.Seed + 1);
        var plant = small.Plants[0] with { Id = SmallPlant, Name = "Small plant (100 assets)" };
        var identities = small.Identities
            .Select(i => i with
            {
                Id = IdentityId.Parse("sm-" + i.Id.Value),
                Email = i.Email is null ? null : "sm-" + i.Email,
                Assignments = [.. i.Assignments.Select(a => a with { Plant = SmallPlant })],
            })
            .ToList();
        identities.Add(Person(WalIdentityLarge, "WAL probe (large plant)", [_fleet.Plants[0].Id]));
        identities.Add(Person(WalIdentitySmall, "WAL probe (small plant)", [SmallPlant]));
        identities.Add(Person(RevokedIdentity, "Revoked contractor (propagation probe)", WatchedPlants));
        return FleetDocumentWriter.ToYaml(Document([plant], identities));
    }

    /// <summary>Asset keys spread over the fleet's plants: plant i's assets interleaved, skipping the first <paramref name="skip"/> of each.</summary>
    public IEnumerable<(string Plant, string Asset)> AssetsAcrossPlants(int skip)
    {
        for (var n = skip; ; n++)
        {
            var any = false;
            foreach (var plant in _fleet.Plants)
            {
                if (n < plant.Assets.Count)
                {
                    any = true;
                    yield return (plant.Id.Value, plant.Assets[n].Id.Value);
                }
            }

            if (!any)
            {
                yield break;
            }
        }
    }

    private static IdentitySpec Person(string id, string name, IEnumerable<PlantId> plants) =>
        new(IdentityId.Parse(id), name, IdentityKind.Contractor, null, "ZtFleet benchmark", [.. plants.Select(p => new PlantAssignment(p, [Role], null))]);

    private FleetDocument Document(IReadOnlyList<PlantSpec> plants, IReadOnlyList<IdentitySpec> identities) =>
        _fleet with { Plants = plants, Identities = identities };
}
