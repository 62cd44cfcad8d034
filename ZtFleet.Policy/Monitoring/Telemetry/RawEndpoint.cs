namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>One end of a connection as a sender reported it, before it is resolved against the inventory.</summary>
/// <param name="Ip">The address as sent (any IPv4 or IPv6 spelling); null or empty when not reported.</param>
/// <param name="Port">The transport port, 0 when none.</param>
public readonly record struct RawEndpoint(string? Ip, int Port)
{
    /// <summary>True when the sender named an address.</summary>
    public bool IsPresent => !string.IsNullOrEmpty(Ip);
}
