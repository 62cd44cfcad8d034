namespace ZtFleet.Policy.Compliance;

/// <summary>
/// One criterion of a maturity stage for a pillar (<c>identity.phishing-resistant-mfa</c> for Advanced identity):
/// whether it is met and the facts that say so. A pillar reaches a stage when every criterion of that stage and of
/// the stages below is met.
/// </summary>
public sealed record MaturityCriterion(
    string Id,
    MaturityPillar Pillar,
    MaturityStage Stage,
    string Statement,
    bool Met,
    IReadOnlyList<ComplianceFact> Facts);
