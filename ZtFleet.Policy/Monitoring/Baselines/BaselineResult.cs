using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>What observing or checking a baseline produced.</summary>
/// <param name="Baseline">The baseline afterwards.</param>
/// <param name="Findings">What the detectors found, one per key, in the order first seen.</param>
public sealed record BaselineResult(Baseline Baseline, IReadOnlyList<Finding> Findings);
