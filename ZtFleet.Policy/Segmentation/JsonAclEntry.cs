namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// One allow entry of a <see cref="JsonAclDocument"/>: flows initiated from one of <paramref name="Sources"/> to one
/// of <paramref name="Destinations"/> on the transport and port, limited to the operations listed.
/// </summary>
/// <param name="Conduit">The conduit id the entry comes from.</param>
/// <param name="Direction"><c>forward</c> (initiated by the conduit's <c>from</c> zone) or <c>reverse</c> (a bidirectional conduit's other way).</param>
/// <param name="SourceZone">The zone of the initiating side.</param>
/// <param name="DestinationZone">The zone of the side the flow is addressed to.</param>
/// <param name="Sources">The addresses of the assets the initiating side admits (after narrowing), IPv4 then IPv6, sorted.</param>
/// <param name="Destinations">The addresses of the assets the other side admits, IPv4 then IPv6, sorted.</param>
/// <param name="Protocol">The protocol as the fleet document spells it.</param>
/// <param name="Transport"><c>tcp</c>, <c>udp</c> or <c>tcp-udp</c>.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Operations">The operations as the conduit lists them; empty for an IT protocol, and along the reverse of a bidirectional conduit into a safety zone.</param>
/// <param name="AllOperations">True for an IT protocol, which has no operation vocabulary: the whole protocol is allowed (never into a safety zone).</param>
/// <param name="FunctionCodes">Modbus/TCP only: the function codes the operations stand for (<c>read</c> = 1–4, <c>write</c> = 5, 6, 15, 16; into a safety zone only the <c>fcN</c> listed), sorted; empty otherwise.</param>
public sealed record JsonAclEntry(
    string Conduit,
    string Direction,
    string SourceZone,
    string DestinationZone,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Destinations,
    string Protocol,
    string Transport,
    int Port,
    IReadOnlyList<string> Operations,
    bool AllOperations,
    IReadOnlyList<int> FunctionCodes);
