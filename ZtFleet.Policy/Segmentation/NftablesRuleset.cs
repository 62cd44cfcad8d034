using System.Globalization;
using System.Text;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// Compiles the conduits at one zone's boundary into an nftables script for the enforcement point that guards it:
/// table <c>inet ztfleet</c>, a forward chain that drops by default, and per conduit and direction the source and
/// destination addresses as sets and the protocol's port. The text is versioned by the plant epoch in its header.
/// </summary>
/// <remarks>
/// <para>
/// The script replaces the whole table in one transaction (<c>nft -f</c> applies a file atomically), so a gateway
/// never runs half a ruleset. The same plant, zone and epoch always give the same text.
/// </para>
/// <para>
/// nftables sees addresses and ports, not operations: a conduit opens its port here between the assets its sides
/// admit, and a protocol proxy enforces the operations (Modbus function codes, S7 download ...). Assets without an
/// address cannot be matched and open nothing; a conduit with no address on one side is listed in a comment only.
/// Flows inside the zone do not cross the boundary and are not part of it.
/// </para>
/// </remarks>
public static class NftablesRuleset
{
    /// <summary>The nftables table every ZtFleet ruleset lives in.</summary>
    public const string Table = "inet ztfleet";

    /// <summary>The ruleset for the enforcement point at the boundary of <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static string Compile(PlantSpec plant, ZoneId zone, long epoch)
    {
        var conduits = BoundaryConduits.Of(plant, zone);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# ZtFleet ruleset: plant {plant.Id.Value}, zone {zone.Value}, epoch {epoch}.\n");
        text.Append("# Generated from the plant's conduits; do not edit. Forwarded traffic no conduit allows is dropped.\n");
        text.Append("# Operations are enforced by the protocol proxy, not here: a conduit opens its port.\n");

        // Declaring the table before deleting it makes the delete valid on a gateway that has none yet.
        text.Append(CultureInfo.InvariantCulture, $"table {Table}\ndelete table {Table}\n");
        text.Append(CultureInfo.InvariantCulture, $"table {Table} {{\n");

        var sets = new StringBuilder();
        var rules = new StringBuilder();
        var skipped = new StringBuilder();
        var index = 0;
        foreach (var conduit in conduits)
        {
            var fromSide = BoundaryConduits.Addresses(plant, conduit.From, conduit.FromAssetTypes, conduit.FromAssets);
            var toSide = BoundaryConduits.Addresses(plant, conduit.To, conduit.ToAssetTypes, conduit.ToAssets);
            Initiation(conduit, $"c{index}", fromSide, toSide, sets, rules, skipped);
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                Initiation(conduit, $"c{index}r", toSide, fromSide, sets, rules, skipped);
            }

            index++;
        }

        text.Append(sets);
        text.Append("  chain forward {\n");
        text.Append("    type filter hook forward priority filter; policy drop;\n");
        text.Append("    ct state established,related accept\n");
        text.Append("    ct state invalid drop\n");
        text.Append(rules);
        text.Append("  }\n}\n");
        text.Append(skipped);
        return text.ToString();
    }

    private static void Initiation(
        ConduitSpec conduit, string name, BoundaryConduits.Sides source, BoundaryConduits.Sides destination, StringBuilder sets, StringBuilder rules, StringBuilder skipped)
    {
        var any = false;
        foreach (var (family, type, match, from, to) in new[]
        {
            ("v4", "ipv4_addr", "ip", source.V4, destination.V4),
            ("v6", "ipv6_addr", "ip6", source.V6, destination.V6),
        })
        {
            if (from.Count == 0 || to.Count == 0)
            {
                continue;
            }

            any = true;
            sets.Append(CultureInfo.InvariantCulture, $"  set {name}_src_{family} {{ type {type}; elements = {{ {string.Join(", ", from)} }} }}\n");
            sets.Append(CultureInfo.InvariantCulture, $"  set {name}_dst_{family} {{ type {type}; elements = {{ {string.Join(", ", to)} }} }}\n");
            rules.Append(CultureInfo.InvariantCulture,
                $"    {match} saddr @{name}_src_{family} {match} daddr @{name}_dst_{family} {Transport(conduit.Protocol, conduit.Port)} accept comment \"conduit:{conduit.Id.Value}\"\n");
        }

        if (!any)
        {
            skipped.Append(CultureInfo.InvariantCulture, $"# conduit:{conduit.Id.Value} ({(name.EndsWith('r') ? "reverse" : "forward")}): no address on one side; nothing opened.\n");
        }
    }

    private static string Transport(Protocol protocol, int port) =>
        BoundaryConduits.Transport(protocol) switch
        {
            "udp" => $"udp dport {port.ToString(CultureInfo.InvariantCulture)}",
            "tcp-udp" => $"meta l4proto {{ tcp, udp }} th dport {port.ToString(CultureInfo.InvariantCulture)}",
            _ => $"tcp dport {port.ToString(CultureInfo.InvariantCulture)}",
        };
}
