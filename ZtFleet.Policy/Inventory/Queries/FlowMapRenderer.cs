using System.Globalization;
using System.Text;
using ZtFleet.Policy.Identifiers;

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
/// </remarks>
public static class FlowMapRenderer
{
    public const int MaxAssetsPerZone = 25;

    /// <summary>A Mermaid <c>flowchart</c>.</summary>
    public static string ToMermaid(PlantSpec plant)
    {
        var map = new Layout(plant);
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

        foreach (var edge in map.Conduits)
        {
            var arrow = edge.Bidirectional ? "<-->" : "-->";
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} {arrow}|\"{Mermaid(edge.Label)}\"| {edge.To}\n");
        }

        foreach (var edge in map.Flows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {edge.From} -.->|\"{Mermaid(edge.Label)}\"| {edge.To}\n");
        }

        text.Append("  classDef safety stroke:#b00020,stroke-width:3px\n");
        return text.ToString();
    }

    /// <summary>A Graphviz <c>digraph</c> (render with <c>dot -Tsvg</c>).</summary>
    public static string ToGraphviz(PlantSpec plant)
    {
        var map = new Layout(plant);
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

        foreach (var edge in map.Conduits)
        {
            var both = edge.Bidirectional ? ", dir=both" : string.Empty;
            text.Append(CultureInfo.InvariantCulture,
                $"  {Dot(edge.From)} -> {Dot(edge.To)} [ltail={Dot("cluster_" + edge.From)}, lhead={Dot("cluster_" + edge.To)}, label={Dot(edge.Label)}{both}];\n");
        }

        foreach (var edge in map.Flows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Dot(edge.From)} -> {Dot(edge.To)} [style=dashed, label={Dot(edge.Label)}];\n");
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
        public Layout(PlantSpec plant)
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
            foreach (var flow in (plant.Flows ?? []).OrderBy(f => f.Id.Value, StringComparer.Ordinal))
            {
                if (assetNodes.TryGetValue(flow.From, out var from) && assetNodes.TryGetValue(flow.To, out var to) && from != to)
                {
                    var edge = new EdgeLine(from, to, ProtocolLabel(flow.Protocol, flow.Port), false);
                    if (seen.Add(edge))
                    {
                        Flows.Add(edge);
                    }
                }
            }
        }

        public string Title { get; }

        public List<ZoneNode> Zones { get; } = [];

        public List<EdgeLine> Conduits { get; } = [];

        public List<EdgeLine> Flows { get; } = [];

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

    private sealed record EdgeLine(string From, string To, string Label, bool Bidirectional);
}
