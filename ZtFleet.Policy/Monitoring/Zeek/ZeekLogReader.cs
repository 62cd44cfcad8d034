using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// Reads Zeek logs (<c>conn.log</c>, <c>modbus.log</c>, ICSNPP's <c>modbus_detailed.log</c>) into typed records, so a
/// site's existing sensor can feed ZtFleet. The input is JSON, one object per line (<c>LogAscii::use_json=T</c>), or
/// Zeek's TSV format with its <c>#fields</c>/<c>#types</c> headers. Pure: the caller passes the text in; the reader
/// opens no file and reads no clock.
/// </summary>
/// <remarks>
/// Bad input never throws: each line gives a record or a <see cref="ZeekLogProblem"/> with its line number, and the
/// lines after it are still read. A line longer than <see cref="MaxLineCharacters"/> is a problem too, skipped through
/// a fixed buffer rather than held. Fields the reader does not know are ignored (Zeek packages add columns to
/// conn.log); fields it knows with the wrong type make the line a problem rather than being dropped silently.
/// The log a line belongs to is <paramref name="kind"/>, or the line's <c>_path</c> (TSV: <c>#path</c>) when
/// <see cref="ZeekLogKind.Unknown"/>; a line whose <c>_path</c> names another log is a problem.
/// </remarks>
public static class ZeekLogReader
{
    /// <summary>The longest line read: 64 Ki characters (a Modbus detailed line with 125 registers is under 2 KiB).</summary>
    public const int MaxLineCharacters = 64 * 1024;

    /// <summary>Reads every line of <paramref name="reader"/>.</summary>
    public static IEnumerable<ZeekLogEntry> Read(TextReader reader, ZeekLogKind kind = ZeekLogKind.Unknown)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLines(reader, kind);
    }

    /// <summary>Reads every line of <paramref name="stream"/> as UTF-8 (invalid bytes become U+FFFD); the stream stays open.</summary>
    public static IEnumerable<ZeekLogEntry> Read(Stream stream, ZeekLogKind kind = ZeekLogKind.Unknown)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadStream(stream, kind);
    }

    /// <summary>Reads every line of <paramref name="reader"/> as it arrives (a pipe, stdin).</summary>
    public static IAsyncEnumerable<ZeekLogEntry> ReadAsync(TextReader reader, ZeekLogKind kind = ZeekLogKind.Unknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLinesAsync(reader, kind, cancellationToken);
    }

    /// <summary>
    /// Reads one JSON line on its own (a line from a message queue). Null for a blank line or a header; TSV needs its headers and
    /// is read through <see cref="Read(TextReader, ZeekLogKind)"/>.
    /// </summary>
    public static ZeekLogEntry? ReadLine(string line, long lineNumber, ZeekLogKind kind = ZeekLogKind.Unknown)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Length > MaxLineCharacters
            ? TooLong(lineNumber, line.Length)
            : new ZeekLineParser(kind).Parse(line.Length > 0 && line[0] == '#' ? " " : line, lineNumber);
    }

    private static IEnumerable<ZeekLogEntry> ReadStream(Stream stream, ZeekLogKind kind)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        foreach (var entry in ReadLines(reader, kind))
        {
            yield return entry;
        }
    }

    private static IEnumerable<ZeekLogEntry> ReadLines(TextReader reader, ZeekLogKind kind)
    {
        var lines = new BoundedLineReader(reader, MaxLineCharacters);
        var parser = new ZeekLineParser(kind);
        long number = 0;
        while (lines.ReadLine() is { } line)
        {
            number++;
            if (Entry(parser, line, number) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static async IAsyncEnumerable<ZeekLogEntry> ReadLinesAsync(TextReader reader, ZeekLogKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new BoundedLineReader(reader, MaxLineCharacters);
        var parser = new ZeekLineParser(kind);
        long number = 0;
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (Entry(parser, line, number) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static ZeekLogEntry? Entry(ZeekLineParser parser, BoundedLine line, long number) =>
        line.Text is { } text ? parser.Parse(text, number) : TooLong(number, line.Length);

    private static ZeekLogEntry TooLong(long number, long length) =>
        ZeekLogEntry.Failed(number, new ZeekLogProblem(
            ZeekLogProblemKind.LineTooLong,
            null,
            $"the line has {length.ToString(CultureInfo.InvariantCulture)} characters, more than the {MaxLineCharacters.ToString(CultureInfo.InvariantCulture)} read; it was skipped"));
}
