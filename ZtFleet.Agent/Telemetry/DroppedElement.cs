namespace ZtFleet.Agent.Telemetry;

/// <summary>One element of a ruleset's dropped set: what the forward chain dropped between two hosts, and how much.</summary>
/// <param name="Source">The source address.</param>
/// <param name="Destination">The destination address.</param>
/// <param name="Transport"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Packets">Packets dropped since the element was created.</param>
/// <param name="Bytes">Bytes dropped since the element was created.</param>
public sealed record DroppedElement(string Source, string Destination, string Transport, int Port, long Packets, long Bytes)
{
    /// <summary>What identifies the element in the set.</summary>
    public string Key => $"{Source} {Destination} {Transport} {Port}";
}
