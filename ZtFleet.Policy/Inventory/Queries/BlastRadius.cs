using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// What an attacker holding one asset could reach through the connections the asset is allowed to open.
/// </summary>
/// <remarks>
/// <para>
/// Inside a zone only declared flows count (a cell has no implicit trust). Across zones, a conduit counts when the
/// asset stands on a side it may initiate from: the from side of any conduit, the to side of a bidirectional one,
/// and the side's asset types or named assets admit it; every asset the far side admits is then reached. The search
/// is breadth first, so each asset is reported with its fewest hops.
/// </para>
/// <para>
/// Each conduit direction fans out once: the first asset to use it is the nearest, so later users could not reach
/// anything sooner. Cost is therefore linear in assets, flows and conduits, whatever the zone sizes.
/// </para>
/// </remarks>
public static class BlastRadius
{
    /// <summary>The blast radius of <paramref name="asset"/>.</summary>
    /// <exception cref="ArgumentException">The asset is not in the plant.</exception>
    public static BlastRadiusResult Compute(PlantSpec plant, AssetId asset)
    {
        ArgumentNullException.ThrowIfNull(plant);
        var index = new PlantIndex(plant);
        if (asset.Value is null || !index.Assets.TryGetValue(asset, out var origin))
        {
            throw new ArgumentException($"asset '{asset}' is not in plant {plant.Id}", nameof(asset));
        }

        var flowsFrom = new Dictionary<AssetId, List<FlowSpec>>();
        foreach (var flow in plant.Flows ?? [])
        {
            if (index.Assets.TryGetValue(flow.From, out var source) && index.Assets.TryGetValue(flow.To, out var target)
                && source.Zone == target.Zone && flow.From != flow.To)
            {
                if (!flowsFrom.TryGetValue(flow.From, out var list))
                {
                    flowsFrom[flow.From] = list = [];
                }

                list.Add(flow);
            }
        }

        var initiating = new Dictionary<ZoneId, List<Direction>>();
        var conduits = plant.Conduits ?? [];
        for (var i = 0; i < conduits.Count; i++)
        {
            var conduit = conduits[i];
            if (conduit.From == conduit.To)
            {
                continue;
            }

            var from = new ConduitSide(conduit.FromAssetTypes, conduit.FromAssets);
            var to = new ConduitSide(conduit.ToAssetTypes, conduit.ToAssets);
            AddDirection(initiating, new Direction(2 * i, conduit, conduit.From, from, conduit.To, to));
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                AddDirection(initiating, new Direction((2 * i) + 1, conduit, conduit.To, to, conduit.From, from));
            }
        }

        var visits = new Dictionary<AssetId, Visit> { [origin.Id] = new Visit(null, null, 0) };
        var zoneHops = new Dictionary<ZoneId, int>();
        var used = new HashSet<int>();
        var reachedOrder = new List<AssetSpec>();
        var queue = new Queue<AssetSpec>();
        queue.Enqueue(origin);
        while (queue.TryDequeue(out var current))
        {
            var hops = visits[current.Id].Hops + 1;
            foreach (var flow in flowsFrom.GetValueOrDefault(current.Id) ?? [])
            {
                Reach(index.Assets[flow.To], current, $"flow:{flow.Id}", hops);
            }

            foreach (var direction in initiating.GetValueOrDefault(current.Zone) ?? [])
            {
                if (used.Contains(direction.Index) || !direction.SourceSide.Admits(current))
                {
                    continue;
                }

                used.Add(direction.Index);
                if (direction.Target != origin.Zone)
                {
                    zoneHops.TryAdd(direction.Target, hops);
                }

                foreach (var target in index.AssetsIn(direction.Target))
                {
                    if (direction.TargetSide.Admits(target))
                    {
                        Reach(target, current, $"conduit:{direction.Conduit.Id}", hops);
                    }
                }
            }
        }

        var reached = reachedOrder
            .Select(a => new ReachedAsset(a.Id, visits[a.Id].Hops, PathTo(a.Id, visits)))
            .OrderBy(r => r.Hops)
            .ThenBy(r => r.Asset.Value, StringComparer.Ordinal)
            .ToList();
        foreach (var r in reachedOrder.Where(a => a.Zone != origin.Zone))
        {
            zoneHops.TryAdd(r.Zone, visits[r.Id].Hops);
        }

        var zones = zoneHops.OrderBy(z => z.Value).ThenBy(z => z.Key.Value, StringComparer.Ordinal).Select(z => z.Key).ToList();
        return new BlastRadiusResult(origin.Id, reached, zones);

        void Reach(AssetSpec target, AssetSpec from, string via, int hops)
        {
            if (visits.TryAdd(target.Id, new Visit(from.Id, via, hops)))
            {
                reachedOrder.Add(target);
                queue.Enqueue(target);
            }
        }
    }

    private static IReadOnlyList<string> PathTo(AssetId asset, Dictionary<AssetId, Visit> visits)
    {
        var path = new List<string>();
        for (var visit = visits[asset]; visit.Via is not null; visit = visits[visit.Previous!.Value])
        {
            path.Add(visit.Via);
        }

        path.Reverse();
        return path;
    }

    private static void AddDirection(Dictionary<ZoneId, List<Direction>> index, Direction direction)
    {
        if (!index.TryGetValue(direction.Source, out var list))
        {
            index[direction.Source] = list = [];
        }

        list.Add(direction);
    }

    private sealed record Direction(int Index, ConduitSpec Conduit, ZoneId Source, ConduitSide SourceSide, ZoneId Target, ConduitSide TargetSide);

    private sealed record Visit(AssetId? Previous, string? Via, int Hops);
}
