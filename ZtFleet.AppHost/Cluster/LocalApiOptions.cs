namespace ZtFleet.AppHost.Cluster;

/// <summary>The API process (section <c>ZtFleet:Api</c>).</summary>
internal sealed class LocalApiOptions
{
    public const string SectionName = "ZtFleet:Api";

    /// <summary>h2c port on 127.0.0.1 where PEPs, the CLI and tests reach the API.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>Fleet document the API applies at start when the fleet is empty; relative to the AppHost project.</summary>
    public string? SeedFleetDocument { get; set; } = "../demo/fleet.yaml";
}
