using System.Globalization;
using System.Text;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// Compiles the conduits at the boundaries an enforcement point guards into an nftables script: table
/// <c>inet ztfleet</c>, a forward chain that drops by default, and per conduit and direction the source and destination
/// addresses as sets and the protocol's port, shrunk by the plant's quarantines. The text is versioned by the epoch in
/// its header.
/// </summary>
/// <remarks>
/// <para>
/// The script replaces the whole table in one transaction (<c>nft -f</c> applies a file atomically), so a gateway
/// never runs half a ruleset. The same scope always gives the same text.
/// </para>
/// <para>
/// nftables sees addresses and ports, not operations or identities: a conduit opens its port here between the assets
/// its sides admit, and a protocol proxy enforces the operations (Modbus function codes, S7 download ...) and the
/// conduit's conditions. With a Modbus/TCP proxy port, every Modbus/TCP entry is redirected to the local proxy instead
/// of forwarded. A conduit with conditions (maintenance window, role, grant) opens only through the proxy: without one
/// it opens nothing. Assets without an address cannot be matched; an entry with no address on one side is listed in a
/// comment only. Flows inside a zone do not cross its boundary and are not part of it.
/// </para>
/// </remarks>
public static class NftablesRuleset
{
    /// <summary>The nftables table every ZtFleet ruleset lives in.</summary>
    public const string Table = "inet ztfleet";

    /// <summary>
    /// The dynamic set in which the forward chain records the IPv4 TCP and UDP packets its policy drops, one element per
    /// source, destination, transport and destination port, with a packet and byte counter; elements expire after
    /// <see cref="DroppedTimeout"/> without a packet. The agent reads it (<c>nft -j list set inet ztfleet dropped_v4</c>)
    /// to report dropped connections.
    /// </summary>
    public const string DroppedSetV4 = "dropped_v4";

    /// <summary>The same as <see cref="DroppedSetV4"/> for IPv6.</summary>
    public const string DroppedSetV6 = "dropped_v6";

    /// <summary>How long an element of the dropped sets lives after its last dropped packet, in nftables' notation.</summary>
    public const string DroppedTimeout = "10m";

    /// <summary>The most elements each dropped set holds; when full, further drops are not recorded (still dropped).</summary>
    public const int DroppedSetSize = 65536;

    /// <summary>The ruleset for the enforcement point at the boundary of one zone of a plant definition.</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static string Compile(PlantSpec plant, ZoneId zone, long epoch) => Compile(RulesetScope.Of(plant, zone, epoch));

    /// <summary>The ruleset of a scope.</summary>
    /// <param name="scope">The plant, guarded zones, epoch and quarantines.</param>
    /// <param name="modbusProxyPort">The local port of the point's Modbus/TCP proxy (1–65535), or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The proxy port is outside 1–65535.</exception>
    public static string Compile(RulesetScope scope, int? modbusProxyPort = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (modbusProxyPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(modbusProxyPort), modbusProxyPort, "must be 1-65535");
        }

        var notOpened = new List<string>();
        var entries = BoundaryConduits.Entries(scope, notOpened);
        var zones = string.Join(", ", scope.Zones.Select(z => z.Value));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# ZtFleet ruleset: plant {scope.Plant.Id.Value}, zones {zones}, epoch {scope.Epoch}.\n");
        text.Append("# Generated from the plant's conduits and quarantines; do not edit. Forwarded traffic no conduit allows is dropped.\n");
        text.Append("# Operations and conduit conditions are enforced by the protocol proxy, not here: a conduit opens its port.\n");
        if (modbusProxyPort is { } announced)
        {
            text.Append(CultureInfo.InvariantCulture, $"# Modbus/TCP conduits are redirected to the local Modbus proxy on port {announced}.\n");
        }

        // Declaring the table before deleting it makes the delete valid on a gateway that has none yet.
        text.Append(CultureInfo.InvariantCulture, $"table {Table}\ndelete table {Table}\n");
        text.Append(CultureInfo.InvariantCulture, $"table {Table} {{\n");

        var sets = new StringBuilder();
        var forward = new StringBuilder();
        var redirects = new StringBuilder();
        var skipped = new StringBuilder();
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var proxied = modbusProxyPort is not null && entry.Conduit.Protocol == Protocol.ModbusTcp;
            if (entry.Conditions is not null && !proxied)
            {
                skipped.Append(CultureInfo.InvariantCulture, $"# {Describe(entry)}: conditional (maintenance window, role or grant); opened only through a protocol proxy, nothing opened.\n");
                continue;
            }

            if (entry.Restriction is not null && !proxied)
            {
                // nftables cannot tell a read from a write: what a quarantine leaves is opened only through a proxy.
                skipped.Append(CultureInfo.InvariantCulture, $"# {Describe(entry)}: reads only; opened only through a protocol proxy, nothing opened.\n");
                continue;
            }

            var rules = proxied ? redirects : forward;
            var action = proxied
                ? $"redirect to :{modbusProxyPort!.Value.ToString(CultureInfo.InvariantCulture)}"
                : "accept";
            foreach (var (family, type, match, from, to) in new[]
            {
                ("v4", "ipv4_addr", "ip", entry.Sources.V4, entry.Destinations.V4),
                ("v6", "ipv6_addr", "ip6", entry.Sources.V6, entry.Destinations.V6),
            })
            {
                if (from.Count == 0 || to.Count == 0)
                {
                    continue;
                }

                var name = $"e{index.ToString(CultureInfo.InvariantCulture)}";
                sets.Append(CultureInfo.InvariantCulture, $"  set {name}_src_{family} {{ type {type}; elements = {{ {string.Join(", ", from)} }} }}\n");
                sets.Append(CultureInfo.InvariantCulture, $"  set {name}_dst_{family} {{ type {type}; elements = {{ {string.Join(", ", to)} }} }}\n");
                rules.Append(CultureInfo.InvariantCulture,
                    $"    {match} saddr @{name}_src_{family} {match} daddr @{name}_dst_{family} {Transport(entry.Conduit.Protocol, entry.Conduit.Port)} {action} comment \"{Comment(entry)}\"\n");
            }
        }

        foreach (var item in notOpened)
        {
            var separator = item.LastIndexOf(':');
            skipped.Append(CultureInfo.InvariantCulture, $"# conduit:{item[..separator]} ({item[(separator + 1)..]}): no address on one side, or nothing it may carry into a safety zone; nothing opened.\n");
        }

        text.Append(sets);
        AppendDroppedSets(text);
        if (modbusProxyPort is { } port)
        {
            // The proxy takes only what a conduit redirected to it; a connection straight to its port is dropped.
            var proxyPort = port.ToString(CultureInfo.InvariantCulture);
            text.Append("  chain input {\n");
            text.Append("    type filter hook input priority filter; policy accept;\n");
            text.Append(CultureInfo.InvariantCulture, $"    tcp dport {proxyPort} ct status dnat accept\n");
            text.Append(CultureInfo.InvariantCulture, $"    tcp dport {proxyPort} drop\n");
            text.Append("  }\n");
        }

        if (redirects.Length > 0)
        {
            text.Append("  chain prerouting {\n");
            text.Append("    type nat hook prerouting priority dstnat; policy accept;\n");
            text.Append(redirects);
            text.Append("  }\n");
        }

        // Only replies ride on connection tracking: every packet of the initiating side must match a conduit rule
        // again, so a quarantine or a removed conduit also cuts the connections that were open before it.
        text.Append("  chain forward {\n");
        text.Append("    type filter hook forward priority filter; policy drop;\n");
        text.Append("    ct state invalid drop\n");
        text.Append("    ct direction reply ct state established accept\n");
        text.Append("    ct state related accept\n");
        text.Append(forward);
        AppendDropRecording(text);
        text.Append("  }\n}\n");
        text.Append(skipped);
        return text.ToString();
    }

    /// <summary>
    /// A ruleset that forwards nothing: what an enforcement point applies when it fails closed (the control plane is
    /// out of reach and its zone's mode, or the bound of static mode, says so).
    /// </summary>
    public static string FailClosed(PlantId plant, IEnumerable<ZoneId> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# ZtFleet fail-closed ruleset: plant {plant.Value}, zones {string.Join(", ", zones.Select(z => z.Value))}.\n");
        text.Append("# The control plane is out of reach: nothing is forwarded until it is back.\n");
        text.Append(CultureInfo.InvariantCulture, $"table {Table}\ndelete table {Table}\n");
        text.Append(CultureInfo.InvariantCulture, $"table {Table} {{\n");
        AppendDroppedSets(text);
        text.Append("  chain forward {\n");
        text.Append("    type filter hook forward priority filter; policy drop;\n");
        AppendDropRecording(text);
        text.Append("  }\n}\n");
        return text.ToString();
    }

    // Dynamic sets with per-element counters: what the policy drops is counted per source, destination, transport and
    // port without logging (nf_log is off in non-initial network namespaces, and a log per packet is a flood).
    private static void AppendDroppedSets(StringBuilder text)
    {
        foreach (var (name, type) in new[] { (DroppedSetV4, "ipv4_addr"), (DroppedSetV6, "ipv6_addr") })
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  set {name} {{ type {type} . {type} . inet_proto . inet_service; size {DroppedSetSize}; flags dynamic, timeout; timeout {DroppedTimeout}; counter; }}\n");
        }
    }

    // The last rules of the forward chain: a packet that reaches them falls to the policy (drop), so it is recorded.
    private static void AppendDropRecording(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"    meta l4proto {{ tcp, udp }} update @{DroppedSetV4} {{ ip saddr . ip daddr . meta l4proto . th dport }}\n");
        text.Append(CultureInfo.InvariantCulture, $"    meta l4proto {{ tcp, udp }} update @{DroppedSetV6} {{ ip6 saddr . ip6 daddr . meta l4proto . th dport }}\n");
    }

    private static string Describe(BoundaryConduits.Entry entry) =>
        $"conduit:{entry.Conduit.Id.Value} ({entry.Direction}{(entry.Restriction is { } r ? $", {r}" : string.Empty)})";

    private static string Comment(BoundaryConduits.Entry entry) =>
        entry.Restriction is { } restriction ? $"conduit:{entry.Conduit.Id.Value} {restriction}" : $"conduit:{entry.Conduit.Id.Value}";

    private static string Transport(Protocol protocol, int port) =>
        BoundaryConduits.Transport(protocol) switch
        {
            "udp" => $"udp dport {port.ToString(CultureInfo.InvariantCulture)}",
            "tcp-udp" => $"meta l4proto {{ tcp, udp }} th dport {port.ToString(CultureInfo.InvariantCulture)}",
            _ => $"tcp dport {port.ToString(CultureInfo.InvariantCulture)}",
        };
}
