using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Monitoring;

/// <summary>
/// The monitoring settings of the fleet document's <c>monitoring:</c> section: how long a plant learns, and the
/// thresholds of the plant-wide detectors.
/// </summary>
public sealed record MonitoringSettings
{
    /// <summary>The defaults: a 7-day learning period and <see cref="PlantDetectorSettings.Default"/>.</summary>
    public static MonitoringSettings Default { get; } = new();

    /// <summary>The learning period in days (1–365, default 7).</summary>
    public int LearningDays { get; init; } = 7;

    /// <summary>The thresholds of the plant-wide detectors.</summary>
    public PlantDetectorSettings Detectors { get; init; } = PlantDetectorSettings.Default;

    /// <summary>The learning period.</summary>
    public TimeSpan LearningPeriod => TimeSpan.FromDays(LearningDays);
}
