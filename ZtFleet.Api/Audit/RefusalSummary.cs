using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Audit;

/// <summary>
/// The refusals of one key that were counted, not audited one by one, in one window: how many, between which two
/// refusals, after how many individual records, and the last one's message and field violations.
/// </summary>
public sealed record RefusalSummary(
    RefusalKey Key,
    long Count,
    DateTimeOffset First,
    DateTimeOffset Last,
    int Individually,
    string LastMessage,
    IReadOnlyList<Violation> LastViolations)
{
    /// <summary>"refused N more times between t1 and t2" (or "N times" when none of the window was audited one by one).</summary>
    public string Message =>
        $"refused {Count} {(Individually > 0 ? "more " : "")}time{(Count == 1 ? "" : "s")} between {First:O} and {Last:O}";
}
