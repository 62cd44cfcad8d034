using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// One end of a network flow: an asset of the plant named by id, or an IP address that the plant's inventory
/// resolves to an asset. <c>default(FlowEndpoint)</c> names nothing and never resolves.
/// </summary>
public readonly record struct FlowEndpoint
{
    /// <summary>The asset, when the endpoint is named by id.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The IP address as given, when the endpoint is named by address.</summary>
    public string? Address { get; init; }

    /// <summary>An endpoint named by asset id.</summary>
    public static FlowEndpoint OfAsset(AssetId asset) => new() { Asset = asset };

    /// <summary>An endpoint named by IP address (resolved through the assets' <c>ip</c>).</summary>
    public static FlowEndpoint OfAddress(string address) => new() { Address = address };

    /// <inheritdoc />
    public override string ToString() => Asset?.Value ?? Address ?? "(none)";
}
