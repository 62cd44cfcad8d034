using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Assets;

/// <summary>Persisted trust factors and enforced tier of an asset (row <c>asset-trust</c>).</summary>
[GenerateSerializer, Alias("ztfleet.AssetTrustState")]
public sealed class AssetTrustState
{
    /// <summary>The factors that lower the asset's trust (at most <c>TrustBook.MaxFactors</c>).</summary>
    [Id(0)]
    public List<TrustFactor> Factors { get; set; } = [];

    /// <summary>The enforced tier and the hysteresis' memory; null: never scored (trusted).</summary>
    [Id(1)]
    public TrustTierState? Tier { get; set; }

    /// <summary>The score published with the last tier change (100 until one).</summary>
    [Id(2)]
    public int PublishedScore { get; set; } = 100;
}
