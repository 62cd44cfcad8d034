using System.Globalization;
using System.Text;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.FlowMap;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Draws a plant's zones, conduits and declared flows as a Mermaid flowchart or a Graphviz digraph: zones as
/// subgraphs (clusters) labelled with kind, Purdue level and SL-T, assets inside them, conduits as zone-to-zone
/// edges labelled protocol/port and operations, declared flows as dashed asset-to-asset edges.
/// </summary>
/// <remarks>
/// A zone with more than <see cref="MaxAssetsPerZone"/> assets is drawn as one node "N assets" so that a plant of
/// thousands of assets stays renderable; flows to or from its assets attach to that node. Node names are generated
/// (<c>z1</c>, <c>a7</c>) and every label is escaped, so no id or free text can break the syntax. Zones are ordered
/// from enterprise (Purdue 5) down to the process (Purdue 0), then by id.
/// <para>
/// With observed flows (<see cref="DeclaredVersusObserved"/>) the map also draws what telemetry showed: observed flows
/// that nothing declared covers as dashed red edges (labelled with the operations not covered), observed flows a
/// conduit allows as thin blue edges, declared flows never observed in grey, declared flows observed as before with
/// "observed" in their label; hosts not in the inventory as addresses in an "Uninventoried hosts" box (at most
/// <see cref="MaxUninventoriedHosts"/>, the rest as one node); at most <see cref="MaxObservedEdges"/> observed edges,
/// uncovered first; and a legend.
/// </para>
/// </remarks>
public static class FlowMapRenderer
{
    public const int MaxAssetsPerZone = 25;

    /// <summary>How many uninventoried hosts are drawn one by one; the others share one node.</summary>
    public const int MaxUninventoriedHosts = 25;

    /// <summary>How many observed edges are drawn (uncovered first); the others are counted in the legend.</summary>
    public const int MaxObservedEdges = 200;

    private const string Undeclared = "#d00000";
    private const string Allowed = "#1f6fb2";
    private const string Unobserved = "#9e9e9e";

    /// <summary>A Mermaid <c>flowchart</c>.</summary>
    public static string ToMermaid(PlantSpec plant) => ToMermaid(plant, null);

    /// <summary>A Mermaid <c>flowchart</c> with the observed flows, when given, set against the declared ones.</summary>
    public static string ToMermaid(PlantSpec plant, DeclaredVersusObserved? observed)
    {
        var map = new Layout(plant, observed);
        var text = new StringBuilder();
        text.Append("flowchart TB\n");
        foreach (var zone in map.Zones)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph {zone.Node}[\"{Mermaid(zone.Label)}\"]\n");
            text.Append("    direction TB\n");
            foreach (var asset in zone.Assets)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {asset.Node}[\"{Mermaid(asset.Label)}\"]\n");
                if (asset.SafetyRelated)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    class {asset.Node} safety\n");
                }
            }

            text.Append("  end\n");
        }

        if (map.Hosts.Count > 0)
        {
            text.Append("  subgraph hosts[\"Uninventoried hosts\"]\n");
            text.Append("    direction TB\n");
            foreach (var host in map.Hosts)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {host.Node}[\"{Mermaid(host.Label)}\"]\n");
                text.Append(CultureInfo.InvariantCulture, $"    class {host.Node} uninventoried\n");
            }

            text.Append("  end\n");
        }

        // Mermaid styles an edge by its position among all edges (linkStyle N), so count them as they are written.
        var edges = 0;
        var styles = new List<(int Edge, string Style)>();
        foreach (var edge in map.Conduits)
        {
            var arrow = edge.Bidirectional ? "<-->" : "-->";
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} {arrow}|\"{Mermaid(edge.Label)}\"| {edge.To}\n");
            edges++;
        }

        foreach (var edge in map.Flows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -.->|\"{Mermaid(edge.Label)}\"| {edge.To}\n");
            if (edge.Kind == EdgeKind.Unobserved)
            {
                styles.Add((edges, $"stroke:{Unobserved},color:{Unobserved}"));
            }

            edges++;
        }

        foreach (var edge in map.Observed)
        {
            var undeclared = edge.Kind == EdgeKind.Undeclared;
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} {(undeclared ? "-.->" : "-->")}|\"{Mermaid(edge.Label)}\"| {edge.To}\n");
            styles.Add((edges++, undeclared ? $"stroke:{Undeclared},stroke-width:2px,stroke-dasharray:5 5,color:{Undeclared}" : $"stroke:{Allowed},stroke-width:1px"));
        }

        if (map.HasObserved)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph legend[\"{Mermaid(map.LegendTitle)}\"]\n");
            text.Append("    direction LR\n");
            text.Append("    lg1[\"observed\"]\n    lg2[\"not declared\"]\n    lg3[\"observed\"]\n    lg4[\"allowed by a conduit\"]\n");
            text.Append("    lg5[\"declared\"]\n    lg6[\"never observed\"]\n");
            text.Append("    lg1 -.->|\"undeclared\"| lg2\n    lg3 -->|\"covered\"| lg4\n    lg5 -.->|\"unobserved\"| lg6\n");
            text.Append("  end\n");
            styles.Add((edges++, $"stroke:{Undeclared},stroke-width:2px,stroke-dasharray:5 5,color:{Undeclared}"));
            styles.Add((edges++, $"stroke:{Allowed},stroke-width:1px"));
            styles.Add((edges++, $"stroke:{Unobserved},color:{Unobserved}"));
        }

        foreach (var (edge, style) in styles)
        {
            text.Append(CultureInfo.InvariantCulture, $"  linkStyle {edge} {style}\n");
        }

        text.Append("  classDef safety stroke:#b00020,stroke-width:3px\n");
        if (map.Hosts.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  classDef uninventoried stroke:{Undeclared},stroke-dasharray:3 3\n");
        }

        return text.ToString();
    }

    /// <summary>A Graphviz <c>digraph</c> (render with <c>dot -Tsvg</c>).</summary>
    public static string ToGraphviz(PlantSpec plant) => ToGraphviz(plant, null);

    /// <summary>A Graphviz <c>digraph</c> with the observed flows, when given, set against the declared ones.</summary>
    public static string ToGraphviz(PlantSpec plant, DeclaredVersusObserved? observed)
    {
        var map = new Layout(plant, observed);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"digraph {Dot(plant.Id.Value ?? "plant")} {{\n");
        text.Append(CultureInfo.InvariantCulture, $"  graph [compound=true, rankdir=TB, fontname=\"Helvetica\", label={Dot(map.Title)}];\n");
        text.Append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        text.Append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var zone in map.Zones)
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph {Dot("cluster_" + zone.Node)} {{\n");
            text.Append(CultureInfo.InvariantCulture, $"    label={Dot(zone.Label)};\n");

            // Edges between clusters need a node on each end; an invisible anchor also keeps an empty zone drawable.
            text.Append(CultureInfo.InvariantCulture, $"    {Dot(zone.Node)} [shape=point, style=invis, width=0, height=0, label=\"\"];\n");
            foreach (var asset in zone.Assets)
            {
                var safety = asset.SafetyRelated ? ", color=\"#b00020\", penwidth=2" : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"    {Dot(asset.Node)} [label={Dot(asset.Label)}{safety}];\n");
            }

            text.Append("  }\n");
        }

        if (map.Hosts.Count > 0)
        {
            text.Append("  subgraph \"cluster_hosts\" {\n");
            text.Append(CultureInfo.InvariantCulture, $"    label=\"Uninventoried hosts\";\n    color={Dot(Undeclared)};\n    style=dashed;\n");
            foreach (var host in map.Hosts)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {Dot(host.Node)} [label={Dot(host.Label)}, style=\"rounded,dashed\", color={Dot(Undeclared)}];\n");
            }

            text.Append("  }\n");
        }

        foreach (var edge in map.Conduits)
        {
            var both = edge.Bidirectional ? ", dir=both" : string.Empty;
            text.Append(CultureInfo.InvariantCulture,
                $"  {Dot(edge.From)} -> {Dot(edge.To)} [ltail={Dot("cluster_" + edge.From)}, lhead={Dot("cluster_" + edge.To)}, label={Dot(edge.Label)}{both}];\n");
        }

        foreach (var edge in map.Flows)
        {
            var grey = edge.Kind == EdgeKind.Unobserved ? $", color={Dot(Unobserved)}, fontcolor={Dot(Unobserved)}" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  {Dot(edge.From)} -> {Dot(edge.To)} [style=dashed, label={Dot(edge.Label)}{grey}];\n");
        }

        foreach (var edge in map.Observed)
        {
            var style = edge.Kind == EdgeKind.Undeclared
                ? $"style=dashed, color={Dot(Undeclared)}, fontcolor={Dot(Undeclared)}, penwidth=2"
                : $"color={Dot(Allowed)}, fontcolor={Dot(Allowed)}";
            text.Append(CultureInfo.InvariantCulture, $"  {Dot(edge.From)} -> {Dot(edge.To)} [{style}, label={Dot(edge.Label)}];\n");
        }

        if (map.HasObserved)
        {
            text.Append("  subgraph \"cluster_legend\" {\n");
            text.Append(CultureInfo.InvariantCulture, $"    label={Dot(map.LegendTitle)};\n");
            text.Append("    node [shape=plaintext];\n");
            text.Append("    \"lg1\" [label=\"observed\"];\n    \"lg2\" [label=\"not declared\"];\n    \"lg3\" [label=\"observed\"];\n");
            text.Append("    \"lg4\" [label=\"allowed by a conduit\"];\n    \"lg5\" [label=\"declared\"];\n    \"lg6\" [label=\"never observed\"];\n");
            text.Append(CultureInfo.InvariantCulture, $"    \"lg1\" -> \"lg2\" [style=dashed, color={Dot(Undeclared)}, penwidth=2, label=\"undeclared\"];\n");
            text.Append(CultureInfo.InvariantCulture, $"    \"lg3\" -> \"lg4\" [color={Dot(Allowed)}, label=\"covered\"];\n");
            text.Append(CultureInfo.InvariantCulture, $"    \"lg5\" -> \"lg6\" [style=dashed, color={Dot(Unobserved)}, label=\"unobserved\"];\n");
            text.Append("  }\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// Mermaid text inside a quoted label: quotes, angle brackets and '#' become entity codes (#quot; …) and line
    /// breaks become &lt;br/&gt;, the one piece of markup labels use.
    /// </summary>
    private static string Mermaid(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var c in label)
        {
            text.Append(c switch
            {
                '#' => "#35;",
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '&' => "#amp;",
                '|' => "#124;",
                '`' => "#96;",
                '\n' => "<br/>",
                '\r' or '\t' => " ",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    /// <summary>A DOT quoted string; a line break becomes DOT's centred-line escape <c>\n</c>.</summary>
    private static string Dot(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' or '\t' => " ",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>The drawing both formats share: node names, labels (with '\n' as line break) and edges.</summary>
    private sealed class Layout
    {
        public Layout(PlantSpec plant, DeclaredVersusObserved? observed)
        {
            var index = new PlantIndex(plant);
            Title = $"{plant.Id}: {OneLine(plant.Name)}";
            var zoneNodes = new Dictionary<ZoneId, string>();
            var assetNodes = new Dictionary<AssetId, string>();
            var ordered = index.Zones.Values
                .OrderByDescending(z => z.PurdueLevel)
                .ThenBy(z => z.Id.Value, StringComparer.Ordinal)
                .ToList();
            var nextAsset = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                var zone = ordered[i];
                var node = $"z{i + 1}";
                zoneNodes[zone.Id] = node;
                var assets = index.AssetsIn(zone.Id).OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
                var drawn = new List<AssetNode>();
                if (assets.Count > MaxAssetsPerZone)
                {
                    var summary = $"{node}_assets";
                    drawn.Add(new AssetNode(summary, $"{assets.Count.ToString(CultureInfo.InvariantCulture)} assets", assets.Any(a => a.SafetyRelated)));
                    assets.ForEach(a => assetNodes[a.Id] = summary);
                }
                else
                {
                    foreach (var asset in assets)
                    {
                        var assetNode = $"a{++nextAsset}";
                        assetNodes[asset.Id] = assetNode;
                        var type = InventoryVocabulary.TryName(asset.Type, out var typeName) ? typeName : "asset";
                        drawn.Add(new AssetNode(assetNode, $"{asset.Id}\n{OneLine(asset.Name)}\n{type}", asset.SafetyRelated));
                    }
                }

                Zones.Add(new ZoneNode(node, $"{zone.Id}: {OneLine(zone.Name)}\n{DescribeZone(zone)}", drawn));
            }

            foreach (var conduit in (plant.Conduits ?? []).OrderBy(c => c.Id.Value, StringComparer.Ordinal))
            {
                if (zoneNodes.TryGetValue(conduit.From, out var from) && zoneNodes.TryGetValue(conduit.To, out var to))
                {
                    var operations = (conduit.Operations ?? []).Count == 0 ? string.Empty : $"\n{string.Join(", ", conduit.Operations!)}";
                    Conduits.Add(new EdgeLine(from, to, $"{conduit.Id}\n{ProtocolLabel(conduit.Protocol, conduit.Port)}{operations}", conduit.Direction == ConduitDirection.Bidirectional));
                }
            }

            // Flows into or out of a summarised zone collapse onto its node; identical lines are drawn once.
            var seen = new HashSet<EdgeLine>();
            var observedFlows = observed?.ObservedFlows.ToHashSet() ?? [];
            foreach (var flow in (plant.Flows ?? []).OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                if (assetNodes.TryGetValue(flow.From, out var from) && assetNodes.TryGetValue(flow.To, out var to) && from != to)
                {
                    var label = ProtocolLabel(flow.Protocol, flow.Port);
                    var kind = EdgeKind.Declared;
                    if (observed is not null)
                    {
                        kind = observedFlows.Contains(flow.Id) ? EdgeKind.Declared : EdgeKind.Unobserved;
                        label += kind == EdgeKind.Declared ? "\nobserved" : "\nnever observed";
                    }

                    var edge = new EdgeLine(from, to, label, false, kind);
                    if (seen.Add(edge))
                    {
                        Flows.Add(edge);
                    }
                }
            }

            if (observed is null)
            {
                return;
            }

            HasObserved = true;
            var hostNodes = new Dictionary<string, string>(StringComparer.Ordinal);
            string? others = null;
            var otherHosts = 0;
            string NodeOf(AssetId? asset, string ip)
            {
                if (asset is { } id && assetNodes.TryGetValue(id, out var node))
                {
                    return node;
                }

                if (hostNodes.TryGetValue(ip, out var host))
                {
                    return host;
                }

                if (hostNodes.Count < MaxUninventoriedHosts)
                {
                    host = $"h{hostNodes.Count + 1}";
                    hostNodes[ip] = host;
                    Hosts.Add(new AssetNode(host, ip, false));
                    return host;
                }

                otherHosts++;
                if (others is null)
                {
                    others = "h_more";
                    Hosts.Add(new AssetNode(others, string.Empty, false));
                }

                return others;
            }

            var drawnEdges = 0;
            var notDrawn = 0;
            foreach (var flow in observed.Observed)
            {
                // A flow a declared flow already describes and the document allows is that declared flow's line.
                if (flow.Status == CoverageStatus.Covered && flow.DeclaredFlows.Count > 0)
                {
                    continue;
                }

                if (drawnEdges >= MaxObservedEdges)
                {
                    notDrawn++;
                    continue;
                }

                var from = NodeOf(flow.Source, flow.Flow.Source.Ip);
                var to = NodeOf(flow.Destination, flow.Flow.Destination.Ip);
                var kind = flow.Status == CoverageStatus.Covered ? EdgeKind.Covered : EdgeKind.Undeclared;
                var protocol = flow.Protocol != Protocol.Unspecified && InventoryVocabulary.TryName(flow.Protocol, out var name) ? name : flow.Flow.Protocol ?? flow.Flow.Transport;
                var port = flow.Flow.Destination.Port?.ToString(CultureInfo.InvariantCulture) ?? "-";
                var uncovered = flow.UncoveredOperations;
                var label = $"{protocol}/{port}" + (kind == EdgeKind.Undeclared
                    ? uncovered.Count > 0 ? $"\nnot declared: {string.Join(", ", uncovered.Take(8))}{(uncovered.Count > 8 ? ", …" : string.Empty)}" : "\nnot declared"
                    : string.Empty);
                var edge = new EdgeLine(from, to, label, false, kind);
                if (from != to && seen.Add(edge))
                {
                    Observed.Add(edge);
                    drawnEdges++;
                }
            }

            if (others is not null)
            {
                Hosts[^1] = new AssetNode(others, $"{otherHosts.ToString(CultureInfo.InvariantCulture)} more host(s)", false);
            }

            var undeclared = observed.Observed.Count(f => f.Status != CoverageStatus.Covered);
            LegendTitle = $"Declared vs observed: {observed.Observed.Count.ToString(CultureInfo.InvariantCulture)} observed, {undeclared.ToString(CultureInfo.InvariantCulture)} not declared, {observed.UnobservedFlows.Count.ToString(CultureInfo.InvariantCulture)} declared never observed"
                + (notDrawn > 0 ? $", {notDrawn.ToString(CultureInfo.InvariantCulture)} more not drawn" : string.Empty);
        }

        public string Title { get; }

        public List<ZoneNode> Zones { get; } = [];

        public List<EdgeLine> Conduits { get; } = [];

        public List<EdgeLine> Flows { get; } = [];

        public List<EdgeLine> Observed { get; } = [];

        public List<AssetNode> Hosts { get; } = [];

        public bool HasObserved { get; }

        public string LegendTitle { get; } = string.Empty;

        private static string DescribeZone(ZoneSpec zone)
        {
            var kind = InventoryVocabulary.TryName(zone.Kind, out var kindName) ? kindName : "zone";
            var level = InventoryVocabulary.TryName(zone.PurdueLevel, out var levelName) ? $"Purdue {levelName}" : "Purdue ?";
            return $"{kind} · {level} · SL-T {zone.SecurityLevelTarget.ToString(CultureInfo.InvariantCulture)}";
        }

        private static string ProtocolLabel(Protocol protocol, int port) =>
            $"{(InventoryVocabulary.TryName(protocol, out var name) ? name : "?")}/{port.ToString(CultureInfo.InvariantCulture)}";

        private static string OneLine(string? text) => (text ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ');
    }

    private sealed record ZoneNode(string Node, string Label, IReadOnlyList<AssetNode> Assets);

    private sealed record AssetNode(string Node, string Label, bool SafetyRelated);

    private sealed record EdgeLine(string From, string To, string Label, bool Bidirectional, EdgeKind Kind = EdgeKind.Declared);

    private enum EdgeKind
    {
        Declared,
        Unobserved,
        Covered,
        Undeclared,
    }
}
