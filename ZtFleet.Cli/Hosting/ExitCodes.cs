namespace ZtFleet.Cli.Hosting;

/// <summary>The process exit codes of <c>ztfleet</c> (docs/cli.md): scripts branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done; a check allowed.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Refused or failed: the server refused the request (invalid, failed precondition, conflict, limit), a check
    /// denied, an audit chain is broken, an apply did not commit.
    /// </summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong (unknown command or option, a missing or malformed value, no server configured).</summary>
    public const int Usage = 2;

    /// <summary>Not logged in, the token is refused or expired (UNAUTHENTICATED), or the role may not do this (PERMISSION_DENIED).</summary>
    public const int Unauthenticated = 3;

    /// <summary>What was named does not exist, or the caller may not see it (NOT_FOUND).</summary>
    public const int NotFound = 4;

    /// <summary>The server cannot be reached, or answered UNAVAILABLE or too late (DEADLINE_EXCEEDED).</summary>
    public const int Unavailable = 5;

    /// <summary>The server failed (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED): a bug or a version mismatch.</summary>
    public const int ServerError = 6;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
