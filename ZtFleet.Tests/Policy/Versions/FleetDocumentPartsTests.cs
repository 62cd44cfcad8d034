using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Versions;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Policy.Versions;

/// <summary>The parts of a fleet document: they are the writer's text, and an apply renders only the ones it changes.</summary>
public sealed class FleetDocumentPartsTests
{
    private static readonly FleetDocument TwoPlants = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;

    /// <summary>TwoPlants with 1,500 more identities: several identity chunks.</summary>
    private static readonly FleetDocument Large = TwoPlants with
    {
        Identities = [.. TwoPlants.Identities, .. Enumerable.Range(0, 1500).Select(i => Identity($"user-{i:d4}", "Generated"))],
    };

    public static TheoryData<string> Fleets => new() { "two-plants", "large", "empty", "no-identities", "no-plants" };

    [Theory]
    [MemberData(nameof(Fleets))]
    public void The_parts_are_the_writers_text_and_hash_alike_however_they_are_made(string name)
    {
        var fleet = Fleet(name);
        var text = FleetDocumentWriter.ToYaml(fleet);
        var split = FleetDocumentParts.Split(text);
        var (index, rendered) = FleetDocumentPartIndex.Build(fleet);

        Assert.Equal(text, string.Concat(split));
        Assert.Equal(text, string.Concat(rendered.Select(p => p.Text)));
        Assert.Equal(split.Select(FleetDocumentParts.HashOf), index.Hashes);
        Assert.Equal(FleetVersionHash.Of(text), index.Root);
        Assert.Equal(IndependentDocumentHash.Of(text), index.Root);
        Assert.Equal(1 + fleet.Plants.Count, split.TakeWhile(p => !p.StartsWith("identities:", StringComparison.Ordinal)).Count());
        if (name == "large")
        {
            Assert.InRange(split.Count - 3, 3, 20);
        }
    }

    [Fact]
    public void Changing_one_asset_renders_the_head_and_that_plant_only()
    {
        var (index, _) = FleetDocumentPartIndex.Build(Large);
        var berlin = Large.Plants.Single(p => p.Id.Value == "berlin");
        var renamed = berlin with { Assets = [.. berlin.Assets.Select(a => a.Id.Value == "hmi-1" ? a with { Name = "Press HMI (line 2)" } : a)] };
        var resulting = Large with { Plants = [.. Large.Plants.Select(p => p.Id == berlin.Id ? renamed : p)] };

        var (updated, rendered) = index.Update(resulting, [berlin.Id], []);

        Assert.Equal(2, rendered.Count);
        Assert.Equal(FleetDocumentWriter.HeadPart(resulting), rendered[0].Text);
        Assert.Equal(FleetDocumentWriter.PlantPart(renamed), rendered[1].Text);
        Assert.Equal(FleetDocumentPartIndex.Build(resulting).Index.Hashes, updated.Hashes);
        Assert.Single(updated.Hashes.Except(index.Hashes));
    }

    [Fact]
    public void Identities_added_changed_and_removed_anywhere_give_the_hashes_of_the_whole_fleet()
    {
        var random = new Random(12);
        var fleet = Large;
        var (index, _) = FleetDocumentPartIndex.Build(fleet);
        for (var step = 0; step < 40; step++)
        {
            var ids = fleet.Identities.Select(i => i.Id).ToList();
            var touched = new HashSet<IdentityId>();
            var identities = fleet.Identities.ToDictionary(i => i.Id);
            var firsts = ChunkFirsts(fleet);
            for (var n = random.Next(1, 30); n > 0 && ids.Count > 0; n--)
            {
                var pick = step % 4 == 0 && firsts.Count > 0 ? firsts[random.Next(firsts.Count)] : ids[random.Next(ids.Count)];
                switch (random.Next(3))
                {
                    case 0:
                        identities.Remove(pick);
                        break;
                    case 1:
                        identities[pick] = identities.TryGetValue(pick, out var was) ? was with { Name = $"Renamed {step}" } : Identity(pick.Value, "Back");
                        break;
                    default:
                        var added = Identity($"{pick.Value}-{step}", "Added");
                        identities[added.Id] = added;
                        touched.Add(added.Id);
                        break;
                }

                touched.Add(pick);
            }

            var resulting = fleet with { Identities = [.. identities.Values] };
            var (updated, rendered) = index.Update(resulting, [], touched);
            var text = FleetDocumentWriter.ToYaml(resulting);
            Assert.Equal(FleetDocumentParts.Split(text).Select(FleetDocumentParts.HashOf), updated.Hashes);
            Assert.Equal(IndependentDocumentHash.Of(text), updated.Root);
            Assert.True(rendered.Count <= 2 + (3 * touched.Count), $"step {step}: {rendered.Count} parts rendered for {touched.Count} identities");
            (fleet, index) = (resulting, updated);
        }

        // Every identity removed, then some back.
        var none = fleet with { Identities = [] };
        var (empty, _) = index.Update(none, [], fleet.Identities.Select(i => i.Id));
        Assert.Equal(FleetDocumentPartIndex.Build(none).Index.Hashes, empty.Hashes);
        var again = none with { Identities = [.. Large.Identities.Take(700)] };
        Assert.Equal(FleetDocumentPartIndex.Build(again).Index.Hashes, empty.Update(again, [], again.Identities.Select(i => i.Id)).Index.Hashes);
    }

    [Fact]
    public void Plants_added_and_removed_give_the_hashes_of_the_whole_fleet()
    {
        var (index, _) = FleetDocumentPartIndex.Build(Large);
        var austin = Large.Plants.Single(p => p.Id.Value == "austin");
        var copy = austin with { Id = PlantId.Parse("aachen"), Name = "Aachen" };
        var added = Large with { Plants = [.. Large.Plants, copy] };
        var (withCopy, rendered) = index.Update(added, [copy.Id], []);
        Assert.Equal(2, rendered.Count);
        Assert.Equal(FleetDocumentPartIndex.Build(added).Index.Hashes, withCopy.Hashes);

        var noPlants = added with { Plants = [] };
        var (none, _) = withCopy.Update(noPlants, added.Plants.Select(p => p.Id), []);
        Assert.Equal(FleetDocumentPartIndex.Build(noPlants).Index.Hashes, none.Hashes);
        Assert.Equal(FleetDocumentPartIndex.Build(Large).Index.Hashes, none.Update(Large, Large.Plants.Select(p => p.Id), []).Index.Hashes);
    }

    private static List<IdentityId> ChunkFirsts(FleetDocument fleet) =>
        FleetDocumentParts.Split(FleetDocumentWriter.ToYaml(fleet))
            .Where(p => p.StartsWith("- id: ", StringComparison.Ordinal) && fleet.Identities.Any(i => p.StartsWith($"- id: {i.Id.Value}\n", StringComparison.Ordinal)))
            .Select(p => IdentityId.Parse(p["- id: ".Length..p.IndexOf('\n', StringComparison.Ordinal)]))
            .ToList();

    private static FleetDocument Fleet(string name) => name switch
    {
        "two-plants" => TwoPlants,
        "large" => Large,
        "empty" => new FleetDocument("empty", [], []),
        "no-identities" => TwoPlants with { Identities = [] },
        _ => TwoPlants with { Plants = [] },
    };

    private static IdentitySpec Identity(string id, string name) =>
        new(IdentityId.Parse(id), name, IdentityKind.Employee, $"{id}@example.com", null, [new PlantAssignment(PlantId.Parse("berlin"), ["operator"], null)]);
}
