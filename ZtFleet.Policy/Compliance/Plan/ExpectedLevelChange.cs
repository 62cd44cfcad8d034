using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// The SL-A an action is expected to raise: of zone (or, with <see cref="Conduit"/>, conduit) <see cref="Target"/> at
/// <see cref="Plant"/>, for one foundational requirement, from one level to another.
/// </summary>
public sealed record ExpectedLevelChange(PlantId Plant, string Target, bool Conduit, FoundationalRequirement Fr, int From, int To);
