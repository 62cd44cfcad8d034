using ZtFleet.Policy.Monitoring.Baselines;

namespace ZtFleet.Grains.Assets;

/// <summary>An asset's behaviour baseline as its grain holds it now, for the API to show.</summary>
/// <param name="Baseline">The baseline (empty when nothing was observed yet); includes what the last save did not persist yet.</param>
/// <param name="ExpectedPeriod">How often the asset is expected to be heard (the shortest period of its persistent links), or null.</param>
/// <param name="SavedAt">When the baseline row was last written, or null when never.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.AssetBaselineView")]
public sealed record AssetBaselineView(
    [property: Id(0)] Baseline Baseline,
    [property: Id(1)] TimeSpan? ExpectedPeriod,
    [property: Id(2)] DateTimeOffset? SavedAt);
