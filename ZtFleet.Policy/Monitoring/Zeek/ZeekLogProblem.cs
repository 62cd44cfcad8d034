namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// A line that gave no record, and why. <see cref="Message"/> quotes at most <see cref="Text.Echo.MaxCharacters"/>
/// characters of the offending value.
/// </summary>
/// <param name="Kind">The class of problem.</param>
/// <param name="Field">The field at fault (<c>id.orig_h</c>), or null when the line as a whole is.</param>
/// <param name="Message">A sentence for an operator.</param>
public sealed record ZeekLogProblem(ZeekLogProblemKind Kind, string? Field, string Message);
