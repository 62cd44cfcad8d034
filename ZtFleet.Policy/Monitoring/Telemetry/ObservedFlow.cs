namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// What a plant's telemetry shows between two hosts for one protocol and service port: how often, since when, which
/// operations, and how much of it was dropped. The unit of "observed" in the flow map's declared-versus-observed view.
/// </summary>
/// <param name="Source">The client; its port is always null (ephemeral ports are not part of a flow).</param>
/// <param name="Destination">The server, with the service port when known.</param>
/// <param name="Transport"><c>tcp</c>, <c>udp</c> or <c>icmp</c>.</param>
/// <param name="Protocol">The application protocol in the document's spelling, or null when not known.</param>
/// <param name="Operations">
/// How many times each operation was seen (<c>fc3</c> → 1,200, <c>download</c> → 1), sorted by name; empty for
/// flows without operations (IT protocols, connections).
/// </param>
/// <param name="Events">How many events showed it (connections and transactions).</param>
/// <param name="Dropped">How many of them an enforcement point dropped or a proxy refused.</param>
/// <param name="FirstSeen">The earliest event.</param>
/// <param name="LastSeen">The latest event.</param>
public sealed record ObservedFlow(
    ObservedHost Source,
    ObservedHost Destination,
    string Transport,
    string? Protocol,
    IReadOnlyDictionary<string, long> Operations,
    long Events,
    long Dropped,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>
    /// What makes two observations the same flow: the ends (asset id, or the address of an uninventoried host), the
    /// transport, the protocol and the destination port.
    /// </summary>
    public string Key => $"{Source}>{Destination}:{Destination.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}/{Transport}/{Protocol ?? "-"}";
}
