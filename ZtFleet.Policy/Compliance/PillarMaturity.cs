namespace ZtFleet.Policy.Compliance;

/// <summary>The stage a pillar or capability reached, with every criterion evaluated (met or not).</summary>
public sealed record PillarMaturity(MaturityPillar Pillar, MaturityStage Stage, IReadOnlyList<MaturityCriterion> Criteria);
