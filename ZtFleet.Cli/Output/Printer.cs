using Google.Protobuf;

namespace ZtFleet.Cli.Output;

/// <summary>Writes a command's result in the chosen format: data on stdout, notes and progress on stderr.</summary>
internal sealed class Printer(OutputFormat format, TextWriter output, TextWriter error, bool interactive)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    public OutputFormat Format { get; } = format;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Stdout and stderr are terminals: progress bars are drawn (never into a pipe or a file).</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>The answer as JSON, or <paramref name="table"/> aligned or as CSV.</summary>
    public void Write(IMessage answer, Table table, string? whenEmpty = null)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                WriteJson(answer);
                break;
            case OutputFormat.Csv:
                table.WriteCsv(Out);
                break;
            default:
                if (table.Rows.Count == 0 && whenEmpty is not null)
                {
                    Error.WriteLine(whenEmpty);
                }
                else
                {
                    table.WriteAligned(Out);
                }

                break;
        }
    }

    /// <summary>The answer as JSON; otherwise <paramref name="text"/> writes it for a person (table and CSV alike).</summary>
    public void Write(IMessage answer, Action<TextWriter> text)
    {
        if (Format == OutputFormat.Json)
        {
            WriteJson(answer);
        }
        else
        {
            text(Out);
        }
    }

    public void WriteJson(IMessage answer) => Out.WriteLine(Formatter.Format(answer));

    /// <summary>A line for a person (table output only; JSON and CSV stay machine-readable), on stdout.</summary>
    public void Say(string line)
    {
        if (Format == OutputFormat.Table)
        {
            Out.WriteLine(Table.Printable(line));
        }
    }

    /// <summary>A note on stderr, whatever the format.</summary>
    public void Note(string line) => Error.WriteLine(Table.Printable(line));

    /// <summary>A progress bar on stderr when <see cref="Interactive"/>; otherwise one that draws nothing.</summary>
    public ProgressBar Progress(string label) => new(Interactive ? Error : null, label);
}
