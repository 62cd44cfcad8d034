namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>Where an improvement action stands. New actions are <see cref="Proposed"/>.</summary>
public enum ActionStatus
{
    /// <summary>Generated from a gap; nobody has decided on it yet (also an acceptance of risk that expired).</summary>
    Proposed = 1,

    /// <summary>Someone decided it will be done.</summary>
    Accepted = 2,

    /// <summary>Being done.</summary>
    InProgress = 3,

    /// <summary>Done, as someone says; the next assessment shows whether the gap closed (a closed gap's action leaves the plan).</summary>
    Done = 4,

    /// <summary>The risk is accepted until a date; after it, the action is proposed again.</summary>
    RiskAccepted = 5,
}
