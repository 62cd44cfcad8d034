using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The plant's quarantines changed (one was put in force, tightened or lifted). Carries the whole set in force after
/// the change, by asset id, so an enforcement point needs no history to know it.
/// </summary>
public sealed record QuarantineChanged(
    long Epoch,
    DateTimeOffset At,
    IReadOnlyList<AssetQuarantine> Quarantines) : PlantDelta(Epoch, At);
