namespace ZtFleet.AppHost.Cluster;

/// <summary>The local Orleans cluster (section <c>ZtFleet:Cluster</c>).</summary>
internal sealed class LocalClusterOptions
{
    public const string SectionName = "ZtFleet:Cluster";

    public string ClusterId { get; set; } = "ztfleet-local";

    public string ServiceId { get; set; } = "ztfleet";

    /// <summary>Silos to run with PostgreSQL; without it there is always exactly one.</summary>
    public int Silos { get; set; } = 2;

    /// <summary>Silo-to-silo port of the first silo; silo N uses <c>FirstSiloPort + N - 1</c>.</summary>
    public int FirstSiloPort { get; set; } = 11111;

    /// <summary>
    /// Client gateway port of the first silo; silo N uses <c>FirstGatewayPort + N - 1</c>. The API finds the
    /// gateways in the membership table, or on 30000 when it runs without a database.
    /// </summary>
    public int FirstGatewayPort { get; set; } = 30000;
}
