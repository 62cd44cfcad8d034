using ZtFleet.Policy.Monitoring.Baselines;

namespace ZtFleet.Grains.Assets;

/// <summary>
/// Persisted behaviour baseline of an asset (row <c>asset-baseline</c>): written when it changed, at most every 30 s
/// and on deactivation, not per batch (see <c>AssetGrain.Baseline.cs</c>).
/// </summary>
[GenerateSerializer, Alias("ztfleet.AssetBaselineState")]
public sealed class AssetBaselineState
{
    /// <summary>The baseline, or null before the asset's first observation.</summary>
    [Id(0)]
    public Baseline? Baseline { get; set; }

    /// <summary>When it was written (by ZtFleet's clock).</summary>
    [Id(1)]
    public DateTimeOffset? SavedAt { get; set; }
}
