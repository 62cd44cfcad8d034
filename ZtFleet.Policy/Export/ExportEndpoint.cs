using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Export;

/// <summary>
/// One end of an exported flow or access: an address and port, the asset and zone it resolved to, as far as each is
/// known. A flow decided by asset id has no address; an uninventoried host has no asset.
/// </summary>
/// <param name="Ip">The IP address in canonical form, when known.</param>
/// <param name="Port">The transport port, when known.</param>
/// <param name="Asset">The inventoried asset, when resolved.</param>
/// <param name="Zone">The asset's zone, when resolved.</param>
public sealed record ExportEndpoint(string? Ip, int? Port, AssetId? Asset, ZoneId? Zone)
{
    /// <summary>The end of an observed connection.</summary>
    public static ExportEndpoint Of(ObservedHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new(host.Ip, host.Port, host.Asset, host.Zone);
    }

    /// <summary>The end of a flow request, with what the decision resolved for it.</summary>
    public static ExportEndpoint Of(FlowEndpoint endpoint, AssetId? resolved, ZoneId? zone, int? port = null) =>
        new(endpoint.Address, port, endpoint.Asset ?? resolved, zone);

    /// <summary>The asset id, else the address, else <c>-</c>.</summary>
    public override string ToString() => Asset?.Value ?? Ip ?? "-";
}
