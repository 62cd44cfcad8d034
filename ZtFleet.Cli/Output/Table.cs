using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ZtFleet.Cli.Output;

/// <summary>Rows of text cells under headers: written aligned for a person, or as CSV.</summary>
internal sealed class Table
{
    private readonly List<string[]> _rows = [];

    public Table(params string[] headers)
    {
        Headers = headers;
    }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<string[]> Rows => _rows;

    /// <summary>Adds a row; each value is formatted by <see cref="Cell"/>.</summary>
    public Table Add(params object?[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"{cells.Length} cells for {Headers.Count} columns.", nameof(cells));
        }

        _rows.Add(cells.Select(Cell).ToArray());
        return this;
    }

    /// <summary>The text of a value: timestamps in UTC, enums in kebab case without their prefix, lists joined by commas.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "yes" : "no",
        Timestamp { Seconds: 0, Nanos: 0 } => "",
        Timestamp timestamp => Time(timestamp.ToDateTimeOffset()),
        DateTimeOffset at => Time(at),
        System.Enum member => EnumText.Format(member),
        RepeatedField<string> list => string.Join(",", list),
        IEnumerable<string> list => string.Join(",", list),
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(Cell)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Columns padded to their widest cell, two spaces apart; control characters shown as '?' so data cannot drive the terminal.</summary>
    public void WriteAligned(TextWriter writer)
    {
        var rows = _rows.Select(row => row.Select(Printable).ToArray()).Prepend(Headers.Select(h => h.ToUpperInvariant()).ToArray()).ToList();
        var widths = Enumerable.Range(0, Headers.Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i == row.Length - 1)
                {
                    line.Append(row[i]);
                }
                else
                {
                    line.Append(row[i].PadRight(widths[i])).Append("  ");
                }
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>The headers and rows as CSV (<see cref="CsvCell"/>).</summary>
    public void WriteCsv(TextWriter writer)
    {
        writer.Write(string.Join(",", Headers.Select(CsvCell.Format)) + "\r\n");
        foreach (var row in _rows)
        {
            writer.Write(string.Join(",", row.Select(CsvCell.Format)) + "\r\n");
        }
    }

    /// <summary>The cell with line breaks and tabs as spaces and every other control character as '?'.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' or '\r' or '\t' => ' ',
                _ when char.IsControl(c) => '?',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
