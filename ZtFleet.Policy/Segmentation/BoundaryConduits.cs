using System.Net;
using System.Net.Sockets;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// What the ruleset compilers share: the conduits at one zone's boundary, the addresses each side admits (after
/// narrowing to asset types or named assets), and the transport of a protocol.
/// </summary>
internal static class BoundaryConduits
{
    /// <summary>The conduits whose <c>from</c> or <c>to</c> is <paramref name="zone"/>, by id.</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static IReadOnlyList<ConduitSpec> Of(PlantSpec plant, ZoneId zone)
    {
        ArgumentNullException.ThrowIfNull(plant);
        if (!plant.Zones.Any(z => z.Id == zone))
        {
            throw new ArgumentException($"zone {zone} is not part of plant {plant.Id}", nameof(zone));
        }

        return plant.Conduits.Where(c => c.From == zone || c.To == zone).OrderBy(c => c.Id.Value, StringComparer.Ordinal).ToList();
    }

    /// <summary>The canonical addresses of the assets of <paramref name="zone"/> the lists admit, IPv4 and IPv6 apart, sorted.</summary>
    public static Sides Addresses(PlantSpec plant, ZoneId zone, IReadOnlyList<AssetType> types, IReadOnlyList<AssetId> named)
    {
        var v4 = new SortedSet<string>(StringComparer.Ordinal);
        var v6 = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var asset in plant.Assets)
        {
            if (asset.Zone != zone || !ConduitMatching.Admits(types, named, asset) || !NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
            {
                continue;
            }

            (IPAddress.Parse(ip).AddressFamily == AddressFamily.InterNetworkV6 ? v6 : v4).Add(ip);
        }

        return new Sides(v4, v6);
    }

    /// <summary>The transport a protocol runs on: <c>udp</c> for BACnet/IP and NTP, <c>tcp-udp</c> for DNS and syslog, else <c>tcp</c>.</summary>
    public static string Transport(Protocol protocol) =>
        protocol switch
        {
            Protocol.BacnetIp or Protocol.Ntp => "udp",
            Protocol.Dns or Protocol.Syslog => "tcp-udp",
            _ => "tcp",
        };

    /// <summary>The addresses one side of a conduit admits.</summary>
    public sealed record Sides(IReadOnlyCollection<string> V4, IReadOnlyCollection<string> V6);
}
