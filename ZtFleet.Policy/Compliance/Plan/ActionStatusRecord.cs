using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// A status someone set on an action (stored, with its history): who, when, why, and for an accepted risk until when.
/// <see cref="Plant"/> is the action's plant (null: a fleet-wide action).
/// </summary>
public sealed record ActionStatusRecord(
    string ActionId,
    PlantId? Plant,
    ActionStatus Status,
    string By,
    DateTimeOffset At,
    string? Note,
    DateTimeOffset? RiskAcceptedUntil);
