using System.Text.RegularExpressions;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.FlowMap;
using ZtFleet.Tests.Policy.Monitoring.FlowMap;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

/// <summary>The flow map with observed flows set against the declared ones.</summary>
public sealed partial class FlowMapRendererTests
{
    private static DeclaredVersusObserved Observed =>
        FlowCoverage.Compare(ObservedSamples.Berlin, [HmiPollsPlc, EwsWritesModbus, LaptopReadsPlc], Now);

    [Fact]
    public void Without_observed_flows_the_map_is_what_it_always_was()
    {
        var plant = ObservedSamples.Berlin;

        Assert.Equal(FlowMapRenderer.ToMermaid(plant), FlowMapRenderer.ToMermaid(plant, null));
        Assert.Equal(FlowMapRenderer.ToGraphviz(plant), FlowMapRenderer.ToGraphviz(plant, null));
        Assert.DoesNotContain("linkStyle", FlowMapRenderer.ToMermaid(plant), StringComparison.Ordinal);
    }

    [Fact]
    public void Mermaid_draws_undeclared_observed_flows_dashed_red_unobserved_declared_grey_and_a_legend()
    {
        var mermaid = FlowMapRenderer.ToMermaid(ObservedSamples.Berlin, Observed);

        AssertValidMermaid(mermaid);
        Assert.Contains("subgraph hosts[\"Uninventoried hosts\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("h1[\"10.0.99.7\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("|\"modbus-tcp/502<br/>not declared: fc16\"|", mermaid, StringComparison.Ordinal);
        Assert.Contains("|\"modbus-tcp/502<br/>not declared: fc3\"| ", mermaid, StringComparison.Ordinal);
        Assert.Contains("|\"opc-ua/4840<br/>never observed\"|", mermaid, StringComparison.Ordinal);
        Assert.Contains("|\"modbus-tcp/502<br/>observed\"|", mermaid, StringComparison.Ordinal);
        Assert.Contains("Declared vs observed: 3 observed, 2 not declared, 1 declared never observed", mermaid, StringComparison.Ordinal);

        // Each linkStyle names an edge that exists: red for the two undeclared flows and the legend's sample.
        var edges = mermaid.Split('\n').Count(l => MermaidEdge().IsMatch(l.Trim()));
        var styled = Regex.Matches(mermaid, "linkStyle (\\d+) ").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(styled, i => Assert.InRange(i, 0, edges - 1));
        Assert.Equal(3, Regex.Matches(mermaid, "linkStyle \\d+ stroke:#d00000").Count);
    }

    [SkippableFact]
    public void Graphviz_draws_the_same_distinctions_and_dot_accepts_it()
    {
        var dot = FlowMapRenderer.ToGraphviz(ObservedSamples.Berlin, Observed);

        AssertValidDot(dot);
        Assert.Contains("subgraph \"cluster_hosts\"", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_legend\"", dot, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(dot, "style=dashed, color=\"#d00000\"").Count);
        Assert.Contains("label=\"opc-ua/4840\\nnever observed\", color=\"#9e9e9e\"", dot, StringComparison.Ordinal);
        AssertDotAccepts(dot);
    }

    [SkippableFact]
    public void Many_uninventoried_hosts_share_one_node_beyond_the_bound()
    {
        var scans = Enumerable.Range(1, 40).Select(i => Seen($"10.0.99.{i}", "10.0.21.11", 502, "modbus-tcp", ("fc3", 1))).ToList();

        var mermaid = FlowMapRenderer.ToMermaid(ObservedSamples.Berlin, FlowCoverage.Compare(ObservedSamples.Berlin, scans, Now));
        var dot = FlowMapRenderer.ToGraphviz(ObservedSamples.Berlin, FlowCoverage.Compare(ObservedSamples.Berlin, scans, Now));

        AssertValidMermaid(mermaid);
        Assert.Equal(FlowMapRenderer.MaxUninventoriedHosts, Regex.Matches(mermaid, "class h\\d+ uninventoried").Count);
        Assert.Contains("h_more[\"15 more host(s)\"]", mermaid, StringComparison.Ordinal);
        AssertValidDot(dot);
        AssertDotAccepts(dot);
    }
}
