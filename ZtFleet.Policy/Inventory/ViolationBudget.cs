using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// How many violations one refusal may carry. They travel in a response trailer (<c>grpc-status-details-bin</c>,
/// base64): a fleet document with 3,000 problems produced a trailer far over the clients' header limits (8 KiB soft
/// and 16 KiB hard in gRPC C-core, the Python and C++ clients; 16 KiB for grpc-js and Kestrel; 64 KiB for .NET's
/// HttpClient), and the client got a broken connection instead of its answer.
/// </summary>
public static class ViolationBudget
{
    /// <summary>At most this many violations are listed; the last place then says how many more there were.</summary>
    public const int MaxViolations = 50;

    /// <summary>
    /// At most this many UTF-8 bytes of field paths and descriptions together (about 5.5 KiB once base64-encoded, under
    /// gRPC C-core's 8 KiB soft limit with room left for the status message and the other details).
    /// </summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// <paramref name="violations"/> as they are when they fit; otherwise the first ones that fit, then one more,
    /// field <c>…</c>, saying how many were left out. Violations are in document order, so the first are the ones to
    /// fix first.
    /// </summary>
    public static IReadOnlyList<Violation> Bound(IReadOnlyList<Violation> violations)
    {
        if (violations.Count <= MaxViolations && violations.Sum(Size) <= MaxBytes)
        {
            return violations;
        }

        var kept = new List<Violation>(MaxViolations);
        var bytes = 0;
        foreach (var violation in violations)
        {
            var size = Size(violation);
            if (kept.Count == MaxViolations - 1 || bytes + size > MaxBytes)
            {
                break;
            }

            kept.Add(violation);
            bytes += size;
        }

        var more = violations.Count - kept.Count;
        kept.Add(new Violation(
            "…",
            $"and {more.ToString(CultureInfo.InvariantCulture)} more problem(s) of {violations.Count.ToString(CultureInfo.InvariantCulture)} in all; fix these first"));
        return kept;
    }

    private static int Size(Violation violation) =>
        Encoding.UTF8.GetByteCount(violation.Field) + Encoding.UTF8.GetByteCount(violation.Description);
}
