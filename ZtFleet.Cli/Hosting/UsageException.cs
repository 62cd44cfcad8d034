namespace ZtFleet.Cli.Hosting;

/// <summary>A command line value the parser accepted but the command cannot use; exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
