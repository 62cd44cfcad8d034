using System.Globalization;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// How many violations one refusal may carry. They travel in a response trailer (<c>grpc-status-details-bin</c>,
/// base64): a fleet document with 3,000 problems produced a trailer far over the clients' header limits (16 KiB for
/// grpc-js and Kestrel, 64 KiB for .NET's HttpClient), and the client got a broken connection instead of its answer.
/// </summary>
public static class ViolationBudget
{
    /// <summary>At most this many violations are listed; the last place then says how many more there were.</summary>
    public const int MaxViolations = 50;

    /// <summary>
    /// At most this many characters of field paths and descriptions together (about 11 KiB once base64-encoded, with
    /// room left for the status message and the other details).
    /// </summary>
    public const int MaxCharacters = 8000;

    /// <summary>
    /// <paramref name="violations"/> as they are when they fit; otherwise the first ones that fit, then one more,
    /// field <c>…</c>, saying how many were left out. Violations are in document order, so the first are the ones to
    /// fix first.
    /// </summary>
    public static IReadOnlyList<Violation> Bound(IReadOnlyList<Violation> violations)
    {
        if (violations.Count <= MaxViolations && violations.Sum(v => v.Field.Length + v.Description.Length) <= MaxCharacters)
        {
            return violations;
        }

        var kept = new List<Violation>(MaxViolations);
        var characters = 0;
        foreach (var violation in violations)
        {
            var size = violation.Field.Length + violation.Description.Length;
            if (kept.Count == MaxViolations - 1 || characters + size > MaxCharacters)
            {
                break;
            }

            kept.Add(violation);
            characters += size;
        }

        var more = violations.Count - kept.Count;
        kept.Add(new Violation(
            "…",
            $"and {more.ToString(CultureInfo.InvariantCulture)} more problem(s) of {violations.Count.ToString(CultureInfo.InvariantCulture)} in all; fix these first"));
        return kept;
    }
}
