using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// A gap an action works on: a requirement of a zone or conduit (<see cref="Where"/> names it), a control, or a maturity
/// criterion. <see cref="Closes"/> is true when this action alone closes it (every failing fact of the gap is the
/// action's); otherwise the action is one of several it needs.
/// </summary>
public sealed record PlanGap(GapKind Kind, string Id, string Title, PlantId? Plant, string? Where, bool Closes);
