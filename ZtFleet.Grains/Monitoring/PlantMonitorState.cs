using ZtFleet.Policy.Monitoring.Learning;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// The persistent state of a plant monitor grain (state name <c>plant-monitor</c>): its learning mode. Detections live
/// in the detection store, the detectors' windows only in memory.
/// </summary>
public sealed class PlantMonitorState
{
    /// <summary>When the plant (and each zone with a decision of its own) started or stopped learning.</summary>
    public LearningState Learning { get; set; } = LearningState.NotStarted;
}
