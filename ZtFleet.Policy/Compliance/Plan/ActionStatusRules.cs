using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// The rules of action statuses: what a change must carry, and the status in force at a time (an accepted risk whose
/// date has passed is proposed again).
/// </summary>
public static class ActionStatusRules
{
    /// <summary>The longest note.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>The furthest a risk may be accepted ahead (three years: an auditor's cycle).</summary>
    public static readonly TimeSpan MaxAcceptance = TimeSpan.FromDays(3 * 366);

    /// <summary>
    /// What is wrong with setting <paramref name="status"/> at <paramref name="now"/> (empty: nothing). A risk is accepted
    /// until a date after now and at most <see cref="MaxAcceptance"/> ahead, with a note saying why; other statuses
    /// take no date.
    /// </summary>
    public static IReadOnlyList<Violation> Check(ActionStatus status, string? note, DateTimeOffset? riskAcceptedUntil, DateTimeOffset now)
    {
        var violations = new List<Violation>();
        if (!Enum.IsDefined(status))
        {
            violations.Add(new Violation("status", "must be proposed, accepted, in progress, done or risk accepted"));
        }

        if (note is { Length: > MaxNoteLength })
        {
            violations.Add(new Violation("note", $"must be at most {MaxNoteLength} characters"));
        }

        if (status == ActionStatus.RiskAccepted)
        {
            if (riskAcceptedUntil is not { } until)
            {
                violations.Add(new Violation("risk_accepted_until", "is required to accept a risk"));
            }
            else if (until <= now)
            {
                violations.Add(new Violation("risk_accepted_until", "must be in the future"));
            }
            else if (until - now > MaxAcceptance)
            {
                violations.Add(new Violation("risk_accepted_until", "must be at most three years ahead"));
            }

            if (string.IsNullOrWhiteSpace(note))
            {
                violations.Add(new Violation("note", "must say why the risk is accepted"));
            }
        }
        else if (riskAcceptedUntil is not null)
        {
            violations.Add(new Violation("risk_accepted_until", "is only set when the risk is accepted"));
        }

        return violations;
    }

    /// <summary>The status in force at <paramref name="now"/>, and whether an acceptance of risk expired.</summary>
    public static (ActionStatus Status, bool Expired) Effective(ActionStatusRecord? record, DateTimeOffset now) => record switch
    {
        null => (ActionStatus.Proposed, false),
        { Status: ActionStatus.RiskAccepted, RiskAcceptedUntil: { } until } when until <= now => (ActionStatus.Proposed, true),
        { Status: ActionStatus.RiskAccepted, RiskAcceptedUntil: null } => (ActionStatus.Proposed, true),
        _ => (record.Status, false),
    };
}
