using System.Diagnostics.CodeAnalysis;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>One line of a Zeek log as read: a record, or the problem that kept it from being one.</summary>
/// <param name="Line">The line's number in the input, from 1 (header and blank lines count).</param>
/// <param name="Record">The record, when the line was one.</param>
/// <param name="Problem">The problem, when it was not.</param>
public sealed record ZeekLogEntry(long Line, ZeekRecord? Record, ZeekLogProblem? Problem)
{
    /// <summary>Whether the line gave a record.</summary>
    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsRecord => Record is not null;

    /// <summary>A line that gave a record.</summary>
    public static ZeekLogEntry Of(long line, ZeekRecord record) => new(line, record, null);

    /// <summary>A line that gave a problem.</summary>
    public static ZeekLogEntry Failed(long line, ZeekLogProblem problem) => new(line, null, problem);
}
