using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>The improvement plan of one assessment (of a plant, or the fleet), as of <see cref="At"/>, highest risk reduced first.</summary>
public sealed record ImprovementPlan(string AssessmentId, PlantId? Plant, DateTimeOffset AssessedAt, DateTimeOffset At, IReadOnlyList<ImprovementAction> Actions);
