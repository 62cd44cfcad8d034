namespace ZtFleet.AppHost.Cluster;

/// <summary>The web console process (section <c>ZtFleet:Console</c>).</summary>
internal sealed class LocalConsoleOptions
{
    public const string SectionName = "ZtFleet:Console";

    /// <summary>HTTP port on 127.0.0.1 where a browser opens the console.</summary>
    public int Port { get; set; } = 5090;
}
