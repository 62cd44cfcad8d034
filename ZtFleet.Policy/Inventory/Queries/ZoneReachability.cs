using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Which zones can reach which assets of a plant through its conduits, transitively, respecting direction and the
/// asset narrowing of each conduit side.
/// </summary>
/// <remarks>
/// <para>
/// The graph's nodes are conduit directions ("edges"): a from-to conduit is one, a bidirectional conduit two. An
/// attacker who holds a whole zone can use every edge leaving it whose source side admits one of its assets (an
/// open side always, even when the inventory lists no asset there). Having crossed edge A into a zone, the attacker
/// holds only the assets A's target side admits, so edge B out of that zone is usable only if one asset is admitted
/// by both; inside a zone nothing else moves (default deny, declared flows are not conduits).
/// </para>
/// <para>
/// One breadth-first search per source zone over at most two edges per conduit, with each edge pair's compatibility
/// computed once, scanning only the assets of the zone between them: cost grows with zones × conduits and zone
/// sizes, never with assets².
/// </para>
/// </remarks>
internal sealed class ZoneReachability
{
    private readonly PlantIndex _index;
    private readonly List<Edge> _edges = [];
    private readonly Dictionary<ZoneId, List<Edge>> _outgoing = [];
    private readonly Dictionary<ZoneId, List<Edge>> _incoming = [];
    private readonly Dictionary<(int, int), bool> _compatible = [];
    private readonly List<ZoneSpec> _zones;
    private readonly Dictionary<ZoneId, int> _zoneIndex = [];

    // Per source zone (by index) and edge: the hop count at which the edge is reached (-1: never) and its predecessor.
    private readonly int[][] _depth;
    private readonly int[][] _parent;

    // Per edge: the source zones reaching it and at which depth; and answers already computed (see Reach).
    private readonly List<(int Zone, int Depth)>[] _sources;
    private readonly Dictionary<string, AssetReach> _answers = new(StringComparer.Ordinal);

    public ZoneReachability(PlantIndex index)
    {
        _index = index;
        _zones = index.Zones.Values.OrderBy(z => z.Id.Value, StringComparer.Ordinal).ToList();
        for (var i = 0; i < _zones.Count; i++)
        {
            _zoneIndex[_zones[i].Id] = i;
        }

        foreach (var conduit in index.Plant.Conduits ?? [])
        {
            if (conduit.From == conduit.To || !index.Zones.ContainsKey(conduit.From) || !index.Zones.ContainsKey(conduit.To))
            {
                continue;
            }

            AddEdge(conduit, conduit.From, new ConduitSide(conduit.FromAssetTypes, conduit.FromAssets), conduit.To, new ConduitSide(conduit.ToAssetTypes, conduit.ToAssets));
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                AddEdge(conduit, conduit.To, new ConduitSide(conduit.ToAssetTypes, conduit.ToAssets), conduit.From, new ConduitSide(conduit.FromAssetTypes, conduit.FromAssets));
            }
        }

        _depth = new int[_zones.Count][];
        _parent = new int[_zones.Count][];
        _sources = _edges.Select(_ => new List<(int, int)>()).ToArray();
        for (var z = 0; z < _zones.Count; z++)
        {
            Search(z);
            for (var e = 0; e < _edges.Count; e++)
            {
                if (_depth[z][e] >= 0)
                {
                    _sources[e].Add((z, _depth[z][e]));
                }
            }
        }
    }

    /// <summary>What reaches one asset: source zones, the conduits into its zone, and the nearest enterprise path.</summary>
    /// <remarks>
    /// The answer depends only on the asset's zone and on which conduits into it admit the asset, so assets sharing
    /// both (most of a zone: same type, not named) share one computed answer.
    /// </remarks>
    public AssetReach Reach(AssetSpec asset)
    {
        var incoming = _incoming.GetValueOrDefault(asset.Zone) ?? [];
        var admitting = incoming.Where(e => e.TargetSide.Admits(asset)).ToList();
        var key = $"{asset.Zone.Value}|{string.Join(',', admitting.Select(e => e.Index))}";
        if (!_answers.TryGetValue(key, out var answer))
        {
            _answers[key] = answer = Compute(asset.Zone, admitting);
        }

        return answer;
    }

    private AssetReach Compute(ZoneId zone, List<Edge> admitting)
    {
        var own = _zoneIndex.GetValueOrDefault(zone, -1);
        var sources = new SortedSet<int>();
        var conduits = new SortedSet<string>(StringComparer.Ordinal);
        (int Depth, int Zone, Edge Edge)? enterprise = null;
        foreach (var edge in admitting)
        {
            foreach (var (source, depth) in _sources[edge.Index])
            {
                if (source == own)
                {
                    continue;
                }

                sources.Add(source);
                conduits.Add(edge.Conduit.Id.Value);
                if (FleetDocumentValidator.IsEnterprise(_zones[source])
                    && (enterprise is not { } best || depth < best.Depth || (depth == best.Depth && source < best.Zone)))
                {
                    enterprise = (depth, source, edge);
                }
            }
        }

        EnterprisePath? path = null;
        if (enterprise is { } found)
        {
            // Walk back to the edge that left the enterprise zone; the zones entered before the asset's own are "via".
            var via = new List<ZoneId>();
            for (var e = _parent[found.Zone][found.Edge.Index]; e >= 0; e = _parent[found.Zone][e])
            {
                via.Add(_edges[e].Target);
            }

            via.Reverse();
            path = new EnterprisePath(_zones[found.Zone].Id, via);
        }

        // Zones were indexed in id order, so the sorted indexes list the zones by id.
        return new AssetReach(sources.Select(z => _zones[z].Id).ToList(), conduits.ToList(), path);
    }

    private void AddEdge(ConduitSpec conduit, ZoneId source, ConduitSide sourceSide, ZoneId target, ConduitSide targetSide)
    {
        var edge = new Edge(_edges.Count, conduit, source, sourceSide, target, targetSide);
        _edges.Add(edge);
        Add(_outgoing, source, edge);
        Add(_incoming, target, edge);
    }

    private void Search(int zone)
    {
        var depth = _depth[zone] = Enumerable.Repeat(-1, _edges.Count).ToArray();
        var parent = _parent[zone] = Enumerable.Repeat(-1, _edges.Count).ToArray();
        var source = _zones[zone].Id;
        var queue = new Queue<Edge>();
        foreach (var edge in _outgoing.GetValueOrDefault(source) ?? [])
        {
            if (edge.SourceSide.IsOpen || _index.AssetsIn(source).Any(edge.SourceSide.Admits))
            {
                depth[edge.Index] = 0;
                queue.Enqueue(edge);
            }
        }

        while (queue.TryDequeue(out var edge))
        {
            foreach (var next in _outgoing.GetValueOrDefault(edge.Target) ?? [])
            {
                if (depth[next.Index] < 0 && Compatible(edge, next))
                {
                    depth[next.Index] = depth[edge.Index] + 1;
                    parent[next.Index] = edge.Index;
                    queue.Enqueue(next);
                }
            }
        }
    }

    private bool Compatible(Edge into, Edge outOf)
    {
        if (_compatible.TryGetValue((into.Index, outOf.Index), out var known))
        {
            return known;
        }

        var compatible = (into.TargetSide.IsOpen && outOf.SourceSide.IsOpen)
            || _index.AssetsIn(into.Target).Any(a => into.TargetSide.Admits(a) && outOf.SourceSide.Admits(a));
        _compatible[(into.Index, outOf.Index)] = compatible;
        return compatible;
    }

    private static void Add(Dictionary<ZoneId, List<Edge>> index, ZoneId zone, Edge edge)
    {
        if (!index.TryGetValue(zone, out var list))
        {
            index[zone] = list = [];
        }

        list.Add(edge);
    }

    /// <summary>One direction of a conduit.</summary>
    private sealed record Edge(int Index, ConduitSpec Conduit, ZoneId Source, ConduitSide SourceSide, ZoneId Target, ConduitSide TargetSide);
}

/// <summary>What reaches one asset through conduits.</summary>
internal sealed record AssetReach(IReadOnlyList<ZoneId> Zones, IReadOnlyList<string> Conduits, EnterprisePath? Enterprise);

/// <summary>The nearest enterprise IT zone that reaches an asset, and the zones it passes on the way.</summary>
internal sealed record EnterprisePath(ZoneId Zone, IReadOnlyList<ZoneId> Via);
