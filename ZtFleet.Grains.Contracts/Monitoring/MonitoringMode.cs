using ZtFleet.Policy.Monitoring.Learning;

namespace ZtFleet.Grains.Monitoring;

/// <summary>A plant's monitoring mode: the plant's learning status, each zone's, and the learning period.</summary>
/// <param name="Plant">The plant as a whole (zones without a decision of their own follow it).</param>
/// <param name="Zones">Every zone of the plant's definition, in its order.</param>
/// <param name="LearningDays">The learning period in days.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.MonitoringMode")]
public sealed record MonitoringMode(
    [property: Id(0)] LearningStatus Plant,
    [property: Id(1)] IReadOnlyList<LearningStatus> Zones,
    [property: Id(2)] int LearningDays);
