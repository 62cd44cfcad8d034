namespace ZtFleet.Policy.Segmentation;

/// <summary>How far a quarantine cuts an asset off. Documents and the API write it in kebab-case.</summary>
public enum QuarantineMode
{
    Unspecified = 0,

    /// <summary>
    /// Reads to and from the asset go on as its conduits allow; every operation that changes something (Modbus
    /// writes, S7 download, OPC UA write and call ...) and every IT protocol to or from it is denied. The first step
    /// for a safety-related asset, whose monitoring must not stop.
    /// </summary>
    RestrictWrites = 1,

    /// <summary>
    /// Nothing reaches the asset and it reaches nothing, except the quarantine path: reads initiated by the assets
    /// the quarantine names (<see cref="AssetQuarantine.AccessFrom"/>, e.g. a forensics workstation) towards it, as
    /// far as conduits and declared flows allow them anyway.
    /// </summary>
    Isolate = 2,
}
