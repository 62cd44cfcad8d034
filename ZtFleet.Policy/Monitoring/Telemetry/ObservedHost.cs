using System.Text.Json.Serialization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// One end of an observed connection, resolved against the plant's inventory.
/// </summary>
/// <param name="Ip">The address in canonical form (<c>NetworkAddress.TryCanonicalIp</c>).</param>
/// <param name="Port">The transport port, or null (ICMP, or not reported).</param>
/// <param name="Asset">The inventoried asset with that address, or null: an uninventoried host.</param>
/// <param name="Zone">The asset's zone, or null when the host is uninventoried.</param>
public sealed record ObservedHost(string Ip, int? Port, AssetId? Asset, ZoneId? Zone)
{
    /// <summary>True when no asset of the plant has this address (computed, not written to JSON).</summary>
    [JsonIgnore]
    public bool Uninventoried => Asset is null;

    /// <summary>The asset id, or the address in brackets for an uninventoried host (<c>[10.0.0.9]</c>).</summary>
    public override string ToString() => Asset?.Value ?? $"[{Ip}]";
}
