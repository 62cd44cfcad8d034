using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Hosting;

/// <summary>How the API decides it is ready, bound from <c>ZtFleet:Health</c>.</summary>
public sealed class ApiHealthOptions
{
    public const string Section = "ZtFleet:Health";

    /// <summary>
    /// How long the result of the write probe (a grain state write through the cluster) is reused: health is asked
    /// often (the AppHost, load balancers, every replica), the database sees one write per this period per replica.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the write probe, and loading the plant views at start, may take before they count as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
