using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.PlantViews;

/// <summary>How the API's plant views stay current, bound from <c>ZtFleet:PlantViews</c>.</summary>
public sealed class PlantViewOptions
{
    public const string Section = "ZtFleet:PlantViews";

    /// <summary>
    /// How long a request that needs a newer epoch than the view has (<c>at_least_epoch</c>) waits for the view to
    /// catch up before it is answered UNAVAILABLE.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the first request for a plant waits for its view to load.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often every view asks its plant for the current epoch (one cheap grain call) and catches up from the
    /// delta log when the stream missed something.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Deltas each view keeps in memory for watchers (also loaded from the log when the view loads); a watcher
    /// further behind reads the log.
    /// </summary>
    [Range(16, 1_000_000)]
    public int RecentDeltas { get; set; } = 1024;

    /// <summary>Deltas read from the log per grain call while catching up.</summary>
    [Range(1, 10_000)]
    public int LogPageSize { get; set; } = 1000;
}
