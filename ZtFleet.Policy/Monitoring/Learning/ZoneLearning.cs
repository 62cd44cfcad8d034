using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Learning;

/// <summary>An administrator's decision for one zone, which overrides the plant's learning period for it.</summary>
/// <param name="Zone">The zone.</param>
/// <param name="StartedAt">When its learning (re)started.</param>
/// <param name="EndedAt">When an administrator ended it early, or null.</param>
public sealed record ZoneLearning(ZoneId Zone, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
