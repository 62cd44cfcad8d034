using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Access;

/// <summary>
/// An asset's enforced trust tier changed (its asset grain's hysteresis let a score cross a tier boundary). Carries
/// the new tier and the score that caused it; a trusted tier removes the asset from the plant's trust index.
/// </summary>
/// <param name="Epoch">The plant epoch this delta creates.</param>
/// <param name="At">When the change was recorded.</param>
/// <param name="Trust">The asset, its new tier and score.</param>
/// <param name="Reason">Why, as a sentence (the boundary crossed, by the margin or for how long); informational.</param>
public sealed record AssetTrustChanged(
    long Epoch,
    DateTimeOffset At,
    AssetTrust Trust,
    string? Reason = null) : PlantDelta(Epoch, At);
