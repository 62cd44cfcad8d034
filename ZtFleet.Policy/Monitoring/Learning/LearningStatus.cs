using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Learning;

/// <summary>Whether a plant or one of its zones is learning, since when and until when.</summary>
/// <param name="Zone">The zone, or null for the plant as a whole.</param>
/// <param name="Learning">True while learning; false once operational (or before the plant's first telemetry).</param>
/// <param name="StartedAt">When learning started, or null when it has not (no telemetry yet).</param>
/// <param name="EndsAt">When learning ends (or ended, early or at the end of the period); null when not started.</param>
/// <param name="Overridden">True when an administrator ended or restarted this zone's learning on its own.</param>
public sealed record LearningStatus(ZoneId? Zone, bool Learning, DateTimeOffset? StartedAt, DateTimeOffset? EndsAt, bool Overridden = false);
