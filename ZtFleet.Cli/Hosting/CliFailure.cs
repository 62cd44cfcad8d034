namespace ZtFleet.Cli.Hosting;

/// <summary>A failure the CLI explains in one message and ends with <paramref name="exitCode"/>.</summary>
internal sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
