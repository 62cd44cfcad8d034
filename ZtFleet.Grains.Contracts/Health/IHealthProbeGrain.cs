namespace ZtFleet.Grains.Health;

/// <summary>
/// A real write through the cluster to the database, for readiness: an API replica is ready only while the cluster
/// answers and grain state can be written.
/// </summary>
[Alias("ztfleet.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    /// <summary>The one probe grain's key (every API replica probes the same row).</summary>
    const string Key = "probe";

    /// <summary>
    /// Writes the probe's state row, at most once per <see cref="HealthProbeGrainLimits.MinimumInterval"/>: a call
    /// within that time of a successful write answers that write's time without writing again.
    /// </summary>
    /// <returns>When the row was last written successfully.</returns>
    /// <exception cref="Storage.StorageUnavailableException">The database refused or did not answer the write.</exception>
    Task<DateTimeOffset> WriteAsync(CancellationToken cancellationToken = default);
}
