using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Versions;

/// <summary>
/// The reason and change ticket that go with a fleet change (ApplyFleet, ImportAssetsCsv, RollbackFleet) into its
/// fleet version: both free text on one line, the reason at most <see cref="MaxReasonLength"/> characters, the ticket
/// at most <see cref="MaxTicketLength"/> (a reference such as <c>CHG-2041</c> or a URL, not checked against any
/// ticket system). Surrounding white space is trimmed; an empty value is no value.
/// </summary>
public static class ChangeNote
{
    /// <summary>The longest reason, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The longest change ticket, in characters.</summary>
    public const int MaxTicketLength = 100;

    /// <summary>
    /// The problems of a reason and ticket, each as a field violation naming <paramref name="reasonField"/> or
    /// <paramref name="ticketField"/>; empty when both are acceptable.
    /// </summary>
    /// <param name="reason">The reason as sent (null or empty: none).</param>
    /// <param name="ticket">The change ticket as sent (null or empty: none).</param>
    /// <param name="reasonRequired">True when a change without a reason is refused.</param>
    /// <param name="requiredBecause">Why a reason is required, ending the violation's description.</param>
    /// <param name="reasonField">The request field of the reason.</param>
    /// <param name="ticketField">The request field of the ticket.</param>
    public static IReadOnlyList<Violation> Check(
        string? reason, string? ticket, bool reasonRequired, string requiredBecause, string reasonField = "reason", string ticketField = "change_ticket")
    {
        var violations = new List<Violation>();
        var trimmedReason = Normalize(reason);
        if (trimmedReason is null)
        {
            if (reasonRequired)
            {
                violations.Add(new Violation(reasonField, $"is required: {requiredBecause}"));
            }
        }
        else
        {
            CheckLine(trimmedReason, MaxReasonLength, reasonField, "a reason", violations);
        }

        if (Normalize(ticket) is { } trimmedTicket)
        {
            CheckLine(trimmedTicket, MaxTicketLength, ticketField, "a change ticket", violations);
        }

        return violations;
    }

    /// <summary>The value as stored: trimmed, null when empty or white space.</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void CheckLine(string value, int maxLength, string field, string what, List<Violation> violations)
    {
        if (value.Length > maxLength)
        {
            violations.Add(new Violation(field, $"is {value.Length} characters long; {what} may have at most {maxLength}"));
        }
        else if (value.Any(char.IsControl))
        {
            violations.Add(new Violation(field, $"contains a line break or another control character; {what} is one line of text"));
        }
    }
}
