using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// One action of the improvement plan: the change that makes one failing fact (<see cref="Key"/>) hold at one plant
/// (null: fleet-wide), the entities to change, the gaps it closes or helps close, the SL-A and maturity stages it is
/// expected to raise, its effort, the risk it reduces with the reasons, and its status.
/// </summary>
/// <param name="Id">Stable across assessments: the same gap at the same plant keeps its id, so its status persists.</param>
/// <param name="Change">What to change, as a sentence.</param>
/// <param name="Risk">The risk the action reduces (docs/compliance.md, "Risk"); the plan is ordered by it.</param>
/// <param name="StatusRecord">The status last set; null when nobody has set one.</param>
/// <param name="AcceptanceExpired">True when an accepted risk's date has passed: the status is proposed again.</param>
public sealed record ImprovementAction(
    string Id,
    PlantId? Plant,
    string Key,
    string Title,
    string Change,
    IReadOnlyList<ComplianceSubject> Subjects,
    IReadOnlyList<PlanGap> Gaps,
    IReadOnlyList<ExpectedLevelChange> LevelChanges,
    IReadOnlyList<ExpectedStageChange> StageChanges,
    EffortClass Effort,
    double Risk,
    IReadOnlyList<string> RiskReasons,
    ActionStatus Status,
    ActionStatusRecord? StatusRecord,
    bool AcceptanceExpired);
