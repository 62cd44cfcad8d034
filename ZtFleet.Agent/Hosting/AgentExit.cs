namespace ZtFleet.Agent.Hosting;

/// <summary>The exit code the agent stops with (kept here, not in <see cref="Environment.ExitCode"/>, so a host in a test process is not affected).</summary>
public sealed class AgentExit
{
    /// <summary>One of <see cref="AgentExitCodes"/>.</summary>
    public int Code { get; set; } = AgentExitCodes.Stopped;
}
