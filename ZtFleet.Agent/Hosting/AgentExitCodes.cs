namespace ZtFleet.Agent.Hosting;

/// <summary>The agent's process exit codes.</summary>
public static class AgentExitCodes
{
    /// <summary>Stopped by a signal or the host.</summary>
    public const int Stopped = 0;

    /// <summary>An unexpected failure (the log says what).</summary>
    public const int Failed = 1;

    /// <summary>The command line is invalid.</summary>
    public const int Usage = 2;

    /// <summary>No stored credential and the enrollment token is missing, unreadable or refused.</summary>
    public const int EnrollmentRefused = 3;

    /// <summary>The stored credential is refused (revoked or expired): enroll again with a new token.</summary>
    public const int CredentialRefused = 4;
}
