namespace ZtFleet.Policy.Compliance.Maturity;

/// <summary>
/// One criterion of the CISA Zero Trust Maturity Model v2 as ZtFleet measures it: the pillar, the stage it belongs to,
/// a statement of what it takes, and the plant-level facts that must all hold (zone facts across every zone).
/// </summary>
public sealed record MaturityCriterionDefinition(string Id, MaturityPillar Pillar, MaturityStage Stage, string Statement, IReadOnlyList<string> Facts);
