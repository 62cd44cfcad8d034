using System.Net;
using System.Net.Sockets;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// What the ruleset compilers share: the entries of a boundary, each a conduit in one direction of initiation with
/// the addresses its sides admit and the operations it allows, shrunk by the plant's quarantines. nftables and the
/// JSON ACL are two spellings of the same entries.
/// </summary>
/// <remarks>
/// Per conduit at the boundary (its <c>from</c> or <c>to</c> is a guarded zone) and direction (forward, and reverse for
/// a bidirectional conduit): one entry between the assets its sides admit that are not quarantined; when a quarantine
/// restricts writes of an admitted asset, one more entry with only the read operations, between every admitted asset
/// that is not isolated; and per isolated asset on the destination side, an entry of read operations from the assets of
/// its quarantine path. Into a safety zone only what <see cref="FlowEngine"/> can allow there: never the reverse of a
/// bidirectional conduit, never a whole IT protocol (those directions are listed as not opened).
/// </remarks>
internal static class BoundaryConduits
{
    public const string Forward = "forward";
    public const string Reverse = "reverse";
    public const string RestrictWrites = "restrict-writes";
    public const string QuarantinePath = "quarantine-path";

    /// <summary>The entries of the boundaries of the scope's zones, by conduit id, forward before reverse.</summary>
    public static IReadOnlyList<Entry> Entries(RulesetScope scope, List<string> notOpened)
    {
        var plant = scope.Plant;
        var guarded = scope.Zones.ToHashSet();
        var kinds = plant.Zones.ToDictionary(z => z.Id, z => z.Kind);
        var quarantines = scope.Quarantines.ToDictionary(q => q.Asset);
        var byZone = plant.Assets.ToLookup(a => a.Zone);
        var entries = new List<Entry>();
        foreach (var conduit in plant.Conduits.Where(c => guarded.Contains(c.From) || guarded.Contains(c.To)).OrderBy(c => c.Id.Value, StringComparer.Ordinal))
        {
            var from = Admitted(byZone[conduit.From], conduit.FromAssetTypes, conduit.FromAssets);
            var to = Admitted(byZone[conduit.To], conduit.ToAssetTypes, conduit.ToAssets);
            AddDirection(conduit, Forward, conduit.From, conduit.To, from, to, kinds, quarantines, entries, notOpened);
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                AddDirection(conduit, Reverse, conduit.To, conduit.From, to, from, kinds, quarantines, entries, notOpened);
            }
        }

        return entries;
    }

    /// <summary>The transport a protocol runs on: <c>udp</c> for BACnet/IP and NTP, <c>tcp-udp</c> for DNS and syslog, else <c>tcp</c>.</summary>
    public static string Transport(Protocol protocol) =>
        protocol switch
        {
            Protocol.BacnetIp or Protocol.Ntp => "udp",
            Protocol.Dns or Protocol.Syslog => "tcp-udp",
            _ => "tcp",
        };

    private static void AddDirection(
        ConduitSpec conduit,
        string direction,
        ZoneId sourceZone,
        ZoneId destinationZone,
        IReadOnlyList<AssetSpec> sources,
        IReadOnlyList<AssetSpec> destinations,
        Dictionary<ZoneId, ZoneKind> kinds,
        Dictionary<AssetId, AssetQuarantine> quarantines,
        List<Entry> entries,
        List<string> notOpened)
    {
        var intoSafety = kinds.GetValueOrDefault(destinationZone) == ZoneKind.Safety;
        var protocol = conduit.Protocol;
        if (intoSafety && (direction == Reverse || !ProtocolOperations.RequiresOperations(protocol)))
        {
            notOpened.Add($"{conduit.Id.Value}:{direction}");
            return;
        }

        // Into a safety zone only operations named explicitly: a Modbus group (read, write) stands for no function code
        // there, and what reaches a Modbus device is a function code, so a group opens nothing into safety.
        var operations = conduit.Operations
            .Where(o => !(intoSafety && protocol == Protocol.ModbusTcp && o is ("read" or "write")))
            .ToList();
        if (operations.Count == 0 && ProtocolOperations.RequiresOperations(protocol))
        {
            notOpened.Add($"{conduit.Id.Value}:{direction}");
            return;
        }

        var codes = protocol == Protocol.ModbusTcp
            ? operations.SelectMany(ProtocolOperations.ModbusFunctionCodes).Distinct().Order().ToList()
            : [];
        var allOperations = !intoSafety && !ProtocolOperations.RequiresOperations(protocol);
        var readOperations = operations.Where(o => ProtocolOperations.IsReadOnly(protocol, o)).ToList();
        var readCodes = codes.Where(c => c is >= 1 and <= 4).ToList();
        var conditions = conduit.Conditions is { IsNone: false } c ? c : null;

        bool Is(AssetSpec asset, QuarantineMode mode) => quarantines.TryGetValue(asset.Id, out var q) && q.Mode == mode;
        var free = (IReadOnlyList<AssetSpec> side) => side.Where(a => !quarantines.ContainsKey(a.Id)).ToList();
        var notIsolated = (IReadOnlyList<AssetSpec> side) => side.Where(a => !Is(a, QuarantineMode.Isolate)).ToList();

        var main = new Entry(conduit, direction, sourceZone, destinationZone, Sides.Of(free(sources)), Sides.Of(free(destinations)), operations, allOperations, codes, null, conditions);
        if (main.Opens)
        {
            entries.Add(main);
        }
        else
        {
            notOpened.Add($"{conduit.Id.Value}:{direction}");
        }

        if (readOperations.Count == 0)
        {
            return;
        }

        if (sources.Concat(destinations).Any(a => Is(a, QuarantineMode.RestrictWrites)))
        {
            var restricted = new Entry(
                conduit, direction, sourceZone, destinationZone, Sides.Of(notIsolated(sources)), Sides.Of(notIsolated(destinations)), readOperations, false, readCodes, RestrictWrites, conditions);
            if (restricted.Opens)
            {
                entries.Add(restricted);
            }
        }

        foreach (var isolated in destinations.Where(a => Is(a, QuarantineMode.Isolate)))
        {
            var path = quarantines[isolated.Id].AccessFrom ?? [];
            var pathSources = notIsolated(sources).Where(a => path.Contains(a.Id)).ToList();
            var entry = new Entry(conduit, direction, sourceZone, destinationZone, Sides.Of(pathSources), Sides.Of([isolated]), readOperations, false, readCodes, QuarantinePath, conditions);
            if (entry.Opens)
            {
                entries.Add(entry);
            }
        }
    }

    // The assets of a zone the lists admit.
    private static List<AssetSpec> Admitted(IEnumerable<AssetSpec> zone, IReadOnlyList<AssetType> types, IReadOnlyList<AssetId> named) =>
        zone.Where(a => ConduitMatching.Admits(types, named, a)).ToList();

    /// <summary>One conduit in one direction of initiation, between the addresses of the assets it admits.</summary>
    /// <param name="Restriction">Null for the conduit's own entry; <see cref="RestrictWrites"/> or <see cref="QuarantinePath"/>.</param>
    public sealed record Entry(
        ConduitSpec Conduit,
        string Direction,
        ZoneId SourceZone,
        ZoneId DestinationZone,
        Sides Sources,
        Sides Destinations,
        IReadOnlyList<string> Operations,
        bool AllOperations,
        IReadOnlyList<int> FunctionCodes,
        string? Restriction,
        ConduitConditions? Conditions)
    {
        /// <summary>Whether both sides have an address of one family: otherwise the entry opens nothing.</summary>
        public bool Opens => HasV4 || HasV6;

        public bool HasV4 => Sources.V4.Count > 0 && Destinations.V4.Count > 0;

        public bool HasV6 => Sources.V6.Count > 0 && Destinations.V6.Count > 0;
    }

    /// <summary>The canonical addresses of some assets, IPv4 and IPv6 apart, sorted; assets without one are left out.</summary>
    public sealed record Sides(IReadOnlyCollection<string> V4, IReadOnlyCollection<string> V6)
    {
        public static Sides Of(IEnumerable<AssetSpec> assets)
        {
            var v4 = new SortedSet<string>(StringComparer.Ordinal);
            var v6 = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var asset in assets)
            {
                if (NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
                {
                    (IPAddress.Parse(ip).AddressFamily == AddressFamily.InterNetworkV6 ? v6 : v4).Add(ip);
                }
            }

            return new Sides(v4, v6);
        }
    }
}
