namespace ZtFleet.Policy.Audit;

/// <summary>
/// One audited event: who did what to which target, with what outcome, at which plant (null: fleet scope).
/// <paramref name="Detail"/> is a JSON object with the specifics (violations, diff counts, reasons).
/// </summary>
public sealed record AuditEntry(
    string? Plant,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    string Detail);
