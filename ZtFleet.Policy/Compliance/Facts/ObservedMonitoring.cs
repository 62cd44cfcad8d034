using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// The plant's monitoring as the fleet observes it: the zones still learning their baselines (no behaviour detection
/// there yet) and how many detections are open.
/// </summary>
public sealed record ObservedMonitoring(IReadOnlySet<ZoneId> LearningZones, int OpenDetections)
{
    /// <summary>Nothing learning, nothing open.</summary>
    public static ObservedMonitoring None { get; } = new(new HashSet<ZoneId>(), 0);
}
