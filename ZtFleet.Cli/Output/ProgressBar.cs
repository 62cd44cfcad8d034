namespace ZtFleet.Cli.Output;

/// <summary>A one-line progress bar redrawn in place on a terminal (<c>\r</c>), cleared when done; draws nothing without one.</summary>
internal sealed class ProgressBar(TextWriter? terminal, string label) : IDisposable
{
    private const int Width = 30;
    private int _lastLength;

    public void Report(long done, long total, string detail = "")
    {
        if (terminal is null)
        {
            return;
        }

        var filled = total <= 0 ? 0 : (int)Math.Clamp(done * Width / total, 0, Width);
        var line = $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {detail}".TrimEnd();
        terminal.Write("\r" + line.PadRight(_lastLength));
        terminal.Flush();
        _lastLength = line.Length;
    }

    public void Dispose()
    {
        if (terminal is not null && _lastLength > 0)
        {
            terminal.Write("\r" + new string(' ', _lastLength) + "\r");
            terminal.Flush();
        }
    }
}
