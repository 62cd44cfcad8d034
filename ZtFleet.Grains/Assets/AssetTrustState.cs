namespace ZtFleet.Grains.Assets;

/// <summary>Persisted trust factors and enforced tier of an asset (row <c>asset-trust</c>).</summary>
[GenerateSerializer, Alias("ztfleet.AssetTrustState")]
public sealed class AssetTrustState
{
}
