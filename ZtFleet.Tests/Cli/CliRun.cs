namespace ZtFleet.Tests.Cli;

/// <summary>One finished <c>ztfleet</c> run: its exit code and what it printed.</summary>
internal sealed record CliRun(IReadOnlyList<string> Arguments, int ExitCode, string Output, string Error)
{
    /// <summary>Stdout's lines, without blank ones.</summary>
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Everything, for a failure message.</summary>
    public override string ToString() => $"ztfleet {string.Join(' ', Arguments)} -> {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
