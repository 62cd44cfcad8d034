using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Versions;

/// <summary>
/// The part hashes of one fleet document (<see cref="FleetDocumentParts"/>) without their text: what the fleet grain
/// keeps so that an apply renders only the parts it changes. Immutable: <see cref="Update"/> returns a new index.
/// </summary>
public sealed class FleetDocumentPartIndex
{
    private readonly SortedDictionary<string, string> _plants;
    private readonly List<IdentityChunk> _chunks;

    private FleetDocumentPartIndex(string head, SortedDictionary<string, string> plants, List<IdentityChunk> chunks)
    {
        _plants = plants;
        _chunks = chunks;
        Hashes = [head, .. plants.Values, .. chunks.Select(c => c.Hash)];
        Root = FleetDocumentParts.Root(Hashes);
    }

    /// <summary>The part hashes in document order.</summary>
    public IReadOnlyList<string> Hashes { get; }

    /// <summary>The document hash (<see cref="FleetDocumentParts.Root"/>).</summary>
    public string Root { get; }

    /// <summary>Renders every part of <paramref name="document"/>, in document order (once, for a fleet not indexed yet).</summary>
    public static (FleetDocumentPartIndex Index, IReadOnlyList<FleetDocumentPart> Rendered) Build(FleetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rendered = new List<FleetDocumentPart>();
        var head = Render(rendered, FleetDocumentWriter.HeadPart(document));
        var plants = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var plant in document.Plants.OrderBy(p => p.Id.Value, StringComparer.Ordinal))
        {
            plants[plant.Id.Value] = Render(rendered, FleetDocumentWriter.PlantPart(plant));
        }

        var chunks = RenderChunks(rendered, Sorted(document.Identities), opensSection: true);
        return (new FleetDocumentPartIndex(head, plants, chunks), rendered);
    }

    /// <summary>
    /// The index of <paramref name="resulting"/>, a document that differs from this index's only in the head, the
    /// plants <paramref name="plants"/> and the identities <paramref name="identities"/> (added, changed or removed;
    /// more is harmless, fewer gives wrong hashes). Renders the head, those plants and the identity chunks that hold
    /// those identities, nothing else.
    /// </summary>
    public (FleetDocumentPartIndex Index, IReadOnlyList<FleetDocumentPart> Rendered) Update(
        FleetDocument resulting, IEnumerable<PlantId> plants, IEnumerable<IdentityId> identities)
    {
        ArgumentNullException.ThrowIfNull(resulting);
        ArgumentNullException.ThrowIfNull(plants);
        ArgumentNullException.ThrowIfNull(identities);
        var rendered = new List<FleetDocumentPart>();
        var head = Render(rendered, FleetDocumentWriter.HeadPart(resulting));
        var plantHashes = new SortedDictionary<string, string>(_plants, StringComparer.Ordinal);
        var resultingPlants = resulting.Plants.ToDictionary(p => p.Id);
        foreach (var plant in plants.Distinct())
        {
            if (resultingPlants.TryGetValue(plant, out var spec))
            {
                plantHashes[plant.Value] = Render(rendered, FleetDocumentWriter.PlantPart(spec));
            }
            else
            {
                plantHashes.Remove(plant.Value);
            }
        }

        var chunks = UpdateChunks(rendered, resulting, identities.Select(i => i.Value).ToHashSet(StringComparer.Ordinal));
        return (new FleetDocumentPartIndex(head, plantHashes, chunks), rendered);
    }

    private List<IdentityChunk> UpdateChunks(List<FleetDocumentPart> rendered, FleetDocument resulting, HashSet<string> touched)
    {
        var chunks = new List<IdentityChunk>(_chunks);
        if (touched.Count == 0)
        {
            return chunks;
        }

        var sorted = Sorted(resulting.Identities);
        var present = sorted.Select(i => i.Id.Value).ToHashSet(StringComparer.Ordinal);
        var affected = new bool[chunks.Count];
        foreach (var id in touched)
        {
            affected[ChunkOf(chunks, id)] = true;
        }

        // A chunk whose first identity is gone joins the chunk before it (its next item may not start a chunk).
        for (var k = chunks.Count - 1; k > 0; k--)
        {
            if (affected[k] && !present.Contains(chunks[k].First!))
            {
                affected[k - 1] = true;
            }
        }

        for (var b = chunks.Count - 1; b >= 0; b--)
        {
            if (!affected[b])
            {
                continue;
            }

            var a = b;
            while (a > 0 && affected[a - 1])
            {
                a--;
            }

            // The first chunk with no identity left: the next chunk's first item becomes the section's first.
            while (true)
            {
                var upper = b + 1 < chunks.Count ? chunks[b + 1].First : null;
                var items = Range(sorted, a == 0 ? null : chunks[a].First, upper);
                if (a == 0 && items.Count == 0 && upper is not null)
                {
                    b++;
                    continue;
                }

                var replacement = RenderChunks(rendered, items, opensSection: a == 0);
                chunks.RemoveRange(a, b - a + 1);
                chunks.InsertRange(a, replacement);
                break;
            }

            b = a;
        }

        return chunks;
    }

    private static List<IdentityChunk> RenderChunks(List<FleetDocumentPart> rendered, IReadOnlyList<IdentitySpec> sorted, bool opensSection)
    {
        var chunks = new List<IdentityChunk>();
        var next = 0;
        foreach (var (text, items) in FleetDocumentParts.SplitIdentityItems(FleetDocumentWriter.IdentityItems(sorted, opensSection)))
        {
            var first = opensSection && chunks.Count == 0 ? null : sorted[next].Id.Value;
            chunks.Add(new IdentityChunk(first, Render(rendered, text)));
            next += items;
        }

        return chunks;
    }

    // The chunk that holds (or would hold) the identity: the last one whose first id is not after it.
    private static int ChunkOf(List<IdentityChunk> chunks, string id)
    {
        var k = 0;
        for (var i = 1; i < chunks.Count; i++)
        {
            if (string.CompareOrdinal(chunks[i].First, id) <= 0)
            {
                k = i;
            }
            else
            {
                break;
            }
        }

        return k;
    }

    private static List<IdentitySpec> Range(List<IdentitySpec> sorted, string? lower, string? upper) =>
        sorted.Where(i => (lower is null || string.CompareOrdinal(i.Id.Value, lower) >= 0) && (upper is null || string.CompareOrdinal(i.Id.Value, upper) < 0)).ToList();

    private static List<IdentitySpec> Sorted(IEnumerable<IdentitySpec> identities) =>
        identities.OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList();

    private static string Render(List<FleetDocumentPart> rendered, string text)
    {
        var part = FleetDocumentPart.Of(text);
        rendered.Add(part);
        return part.Hash;
    }

    /// <summary>A chunk of identities: the id of its first identity (null for the first chunk) and its hash.</summary>
    private sealed record IdentityChunk(string? First, string Hash);
}
