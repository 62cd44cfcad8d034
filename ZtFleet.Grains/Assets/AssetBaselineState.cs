namespace ZtFleet.Grains.Assets;

/// <summary>Persisted behaviour baseline of an asset (row <c>asset-baseline</c>).</summary>
[GenerateSerializer, Alias("ztfleet.AssetBaselineState")]
public sealed class AssetBaselineState
{
}
