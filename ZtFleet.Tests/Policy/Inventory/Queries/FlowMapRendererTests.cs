using System.Diagnostics;
using System.Text.RegularExpressions;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

public sealed partial class FlowMapRendererTests
{
    private static readonly PlantSpec Berlin = FleetSamples.Plant();

    [Fact]
    public void Mermaid_draws_zones_as_subgraphs_with_assets_conduits_and_flows()
    {
        var mermaid = FlowMapRenderer.ToMermaid(Berlin);

        AssertValidMermaid(mermaid);
        Assert.StartsWith("flowchart TB\n", mermaid, StringComparison.Ordinal);
        Assert.Equal(5, mermaid.Split('\n').Count(l => l.TrimStart().StartsWith("subgraph ", StringComparison.Ordinal)));

        // Enterprise first (highest Purdue level), labelled with kind, level and SL-T.
        Assert.Contains("subgraph z1[\"ent-it: Enterprise IT<br/>enterprise-it · Purdue 4 · SL-T 1\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("[\"plc-press-1<br/>Press line 1 PLC<br/>plc\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("-->|\"mes-to-cell-1<br/>opc-ua/4840<br/>read, browse, subscribe\"|", mermaid, StringComparison.Ordinal);
        Assert.Contains("-.->|\"s7comm/102\"|", mermaid, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Matches(mermaid, " -->\\|").Count);
        Assert.Equal(2, Regex.Matches(mermaid, " -.->").Count);
    }

    [SkippableFact]
    public void Graphviz_draws_zones_as_clusters_with_conduits_between_them()
    {
        var dot = FlowMapRenderer.ToGraphviz(Berlin);

        AssertValidDot(dot);
        Assert.StartsWith("digraph \"berlin\" {", dot, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Matches(dot, "subgraph \"cluster_z\\d+\"").Count);
        Assert.Contains("label=\"sis: Safety systems\\nsafety · Purdue 1 · SL-T 4\"", dot, StringComparison.Ordinal);
        Assert.Contains("label=\"sis-1\\nPress safety controller\\nsafety-controller\", color=\"#b00020\"", dot, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Matches(dot, "ltail=").Count);
        Assert.Equal(2, Regex.Matches(dot, "style=dashed").Count);
        AssertDotAccepts(dot);
    }

    [Fact]
    public void Bidirectional_conduits_are_drawn_both_ways()
    {
        var conduits = Berlin.Conduits.Select(c => c with { Direction = ConduitDirection.Bidirectional }).ToList();
        var plant = Berlin with { Conduits = conduits };

        Assert.Equal(5, Regex.Matches(FlowMapRenderer.ToMermaid(plant), " <-->\\|").Count);
        Assert.Equal(5, Regex.Matches(FlowMapRenderer.ToGraphviz(plant), "dir=both").Count);
    }

    [SkippableFact]
    public void Labels_are_escaped_so_no_text_breaks_the_syntax()
    {
        const string hostile = "Evil \"zone\" <b>#1</b> | `x` \\ end\nsubgraph }";
        var zone = new ZoneSpec(ZoneId.Parse("z"), hostile, ZoneKind.OtControl, PurdueLevel.Level1, 2, null);
        var asset = FleetSamples.Asset("a", "z") with { Name = hostile };
        var plant = FleetSamples.PlantOf([zone], [asset]) with { Name = hostile };

        var mermaid = FlowMapRenderer.ToMermaid(plant);
        var dot = FlowMapRenderer.ToGraphviz(plant);

        AssertValidMermaid(mermaid);
        AssertValidDot(dot);
        Assert.Contains("Evil #quot;zone#quot; #lt;b#gt;#35;1#lt;/b#gt; #124; #96;x#96; \\ end subgraph }", mermaid, StringComparison.Ordinal);
        Assert.Contains("Evil \\\"zone\\\" <b>#1</b> | `x` \\\\ end subgraph }", dot, StringComparison.Ordinal);
        AssertDotAccepts(dot);
    }

    [SkippableFact]
    public void Zone_with_more_than_25_assets_is_summarised_and_flows_attach_to_the_summary()
    {
        var zones = new[] { FleetSamples.Zone("big", ZoneKind.OtControl, PurdueLevel.Level1), FleetSamples.Zone("ops", ZoneKind.OtSupervisory, PurdueLevel.Level3) };
        var assets = Enumerable.Range(1, 30).Select(i => FleetSamples.Asset($"plc-{i}", "big")).Append(FleetSamples.Asset("scada", "ops", AssetType.ScadaServer)).ToList();
        var flows = Enumerable.Range(1, 30).Select(i => FleetSamples.Flow($"poll-{i}", "scada", $"plc-{i}", Protocol.ModbusTcp)).ToList();
        var plant = FleetSamples.PlantOf(zones, assets, [FleetSamples.Conduit("ops-to-big", "ops", "big", protocol: Protocol.ModbusTcp)], flows);

        var mermaid = FlowMapRenderer.ToMermaid(plant);
        var dot = FlowMapRenderer.ToGraphviz(plant);

        AssertValidMermaid(mermaid);
        AssertValidDot(dot);
        Assert.Contains("[\"30 assets\"]", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("plc-7", mermaid, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(mermaid, " -.->"));
        Assert.Single(Regex.Matches(dot, "style=dashed"));
        AssertDotAccepts(dot);
    }

    /// <summary>
    /// Mermaid flowchart structure: a header, balanced subgraph/end, one quoted label per node or edge line (so an
    /// unescaped quote would show), and edges only between declared nodes or subgraphs.
    /// </summary>
    private static void AssertValidMermaid(string mermaid)
    {
        var lines = mermaid.TrimEnd('\n').Split('\n');
        Assert.Equal("flowchart TB", lines[0]);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        foreach (var line in lines.Skip(1).Select(l => l.Trim()))
        {
            if (MermaidDeclaration().Match(line) is { Success: true } declaration)
            {
                depth += declaration.Groups["subgraph"].Success ? 1 : 0;
                Assert.True(declared.Add(declaration.Groups["id"].Value), $"declared twice: {line}");
            }
            else if (MermaidEdge().Match(line) is { Success: true } edge)
            {
                Assert.Contains(edge.Groups["from"].Value, declared);
                Assert.Contains(edge.Groups["to"].Value, declared);
            }
            else if (line == "end")
            {
                depth--;
                Assert.True(depth >= 0, "end without subgraph");
            }
            else
            {
                Assert.Matches("^(direction (TB|LR)|class [a-z0-9_]+ (safety|uninventoried)|classDef (safety|uninventoried) .*|linkStyle \\d+ .*)$", line);
            }
        }

        Assert.Equal(0, depth);
    }

    /// <summary>
    /// DOT structure: strings terminated, braces balanced outside strings, and every edge end declared as a node.
    /// </summary>
    private static void AssertValidDot(string dot)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < dot.Length; i++)
        {
            var c = dot[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                else
                {
                    Assert.NotEqual('\n', c);
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                Assert.True(depth >= 0);
            }
        }

        Assert.False(inString);
        Assert.Equal(0, depth);
        var nodes = DotNode().Matches(dot).Select(m => m.Groups["id"].Value).ToHashSet();
        foreach (Match edge in DotEdge().Matches(dot))
        {
            Assert.Contains(edge.Groups["from"].Value, nodes);
            Assert.Contains(edge.Groups["to"].Value, nodes);
        }
    }

    /// <summary>
    /// Graphviz's <c>dot</c> renders the file without an error. Where Graphviz is not installed the calling test is
    /// skipped with the reason (after its own assertions: this comes last); in CI, which installs it, it fails.
    /// </summary>
    private static void AssertDotAccepts(string dot)
    {
        var path = HostPrerequisite.FindProgram("dot");
        HostPrerequisite.Require(path is null ? "dot is not installed (Debian's graphviz; .ci/run installs it)" : null);
        using var process = Process.Start(new ProcessStartInfo(path!, "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    [GeneratedRegex("^(?<subgraph>subgraph )?(?<id>[a-z0-9_]+)\\[\"[^\"]*\"\\]$")]
    private static partial Regex MermaidDeclaration();

    [GeneratedRegex("^(?<from>[a-z0-9_]+) (-->|<-->|-\\.->)\\|\"[^\"]*\"\\| (?<to>[a-z0-9_]+)$")]
    private static partial Regex MermaidEdge();

    [GeneratedRegex("^\\s+\"(?<id>[a-z0-9_]+)\" \\[", RegexOptions.Multiline)]
    private static partial Regex DotNode();

    [GeneratedRegex("^\\s+\"(?<from>[a-z0-9_]+)\" -> \"(?<to>[a-z0-9_]+)\"", RegexOptions.Multiline)]
    private static partial Regex DotEdge();
}
