namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>The maturity stage an action is expected to raise, for one pillar.</summary>
public sealed record ExpectedStageChange(MaturityPillar Pillar, MaturityStage From, MaturityStage To);
