using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>
/// The one scope rule of enforcement points, on the press shop (<c>Cases/press-shop-flows.yaml</c>): a point bound to
/// zones asks about assets and zones in them and flows with either end in them; unbound, about the whole plant.
/// </summary>
public sealed class EnforcementScopeTests
{
    private static readonly FlowCaseFile Cases = FlowCaseFile.Load("press-shop-flows.yaml");
    private static readonly PlantSnapshot Shop = Cases.Snapshot([]);
    private static readonly FlowModel Model = Cases.Model();

    private static EnforcementScope Scope(string zones) =>
        zones.Length == 0 ? EnforcementScope.WholePlant : new EnforcementScope(zones.Split(',').Select(ZoneId.Parse));

    [Theory]
    [InlineData("", "sis", true)]
    [InlineData("cell-a", "cell-a", true)]
    [InlineData("cell-a,ops", "ops", true)]
    [InlineData("cell-a", "cell-b", false)]
    [InlineData("cell-a", "sis", false)]
    public void Zones(string scope, string zone, bool inScope)
    {
        var verdict = Scope(scope).ForZone(ZoneId.Parse(zone));
        Assert.Equal(inScope, verdict.InScope);
        Assert.Equal(inScope, verdict.Reason is null);
        if (!inScope)
        {
            Assert.Contains($"zone '{zone}'", verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", "plc-b1", true, null)]
    [InlineData("", "no-such-asset", true, null)]
    [InlineData("cell-a", "plc-a1", true, null)]
    [InlineData("cell-a", "hmi-a1", true, null)]
    [InlineData("cell-a,cell-b", "plc-b1", true, null)]
    [InlineData("cell-a", "plc-b1", false, "asset 'plc-b1' is in zone 'cell-b', not one of this point's zones (cell-a)")]
    [InlineData("cell-a", "no-such-asset", false, "asset 'no-such-asset' is in none of this point's zones (cell-a)")]
    public void Assets(string scope, string asset, bool inScope, string? reason)
    {
        var verdict = Scope(scope).ForAsset(Shop, AssetId.Parse(asset));
        Assert.Equal(new ScopeVerdict(inScope, reason), verdict);
    }

    [Theory]
    [InlineData("", "erp-1", "sis-1", true)]
    [InlineData("cell-a", "mes-1", "plc-a1", true)] // into the zone
    [InlineData("cell-a", "plc-a1", "mes-1", true)] // out of the zone
    [InlineData("cell-a", "hmi-a1", "plc-a1", true)] // inside the zone
    [InlineData("cell-a", "10.0.30.10", "10.0.21.11", true)] // addresses resolve to their assets' zones
    [InlineData("cell-a", "mes-1", "plc-b1", false)] // another cell's boundary
    [InlineData("cell-a", "10.0.30.10", "10.9.9.9", false)] // an address no asset holds is in no zone
    [InlineData("ops", "10.9.9.9", "mes-1", true)]
    public void Flows(string scope, string source, string destination, bool inScope)
    {
        var flow = new FlowRequest(Endpoint(source), Endpoint(destination), Protocol.ModbusTcp, 502, null, null);
        var verdict = Scope(scope).ForFlow(Model, flow);
        Assert.Equal(inScope, verdict.InScope);
        if (!inScope)
        {
            Assert.Contains("neither the source", verdict.Reason, StringComparison.Ordinal);
            Assert.Contains($"({scope})", verdict.Reason, StringComparison.Ordinal);
        }
    }

    private static FlowEndpoint Endpoint(string value) =>
        char.IsAsciiDigit(value[0]) ? FlowEndpoint.OfAddress(value) : FlowEndpoint.OfAsset(AssetId.Parse(value));
}
