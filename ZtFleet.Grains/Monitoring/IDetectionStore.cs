using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// Where detections live (PostgreSQL's <c>detection</c> table, or memory in development). A plant's monitor grain is
/// the only writer of its plant's detections; anyone may read.
/// </summary>
public interface IDetectionStore
{
    /// <summary>The highest sequence number and revision of the plant's detections (0 and 0 for none).</summary>
    Task<(long Sequence, long Revision)> LastAsync(PlantId plant, CancellationToken cancellationToken = default);

    /// <summary>The plant's detections in force (open or acknowledged).</summary>
    Task<IReadOnlyList<Detection>> InForceAsync(PlantId plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores new detections and new versions of stored ones (by id), with their export records (the SIEM outbox),
    /// all or none. A new detection whose key already
    /// has another detection in force at its plant is refused with
    /// <see cref="ZtFleet.Grains.Storage.StorageFailedException"/>.
    /// </summary>
    Task SaveAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken = default);

    /// <summary>The detection with this id, or null.</summary>
    Task<Detection?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The detections that match <paramref name="query"/>, newest first, one page.</summary>
    Task<DetectionPage> ListAsync(DetectionQuery query, CancellationToken cancellationToken = default);

    /// <summary>The plant's detections changed after <paramref name="revision"/>, in revision order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Detection>> ChangedAfterAsync(PlantId plant, long revision, int limit, CancellationToken cancellationToken = default);
}
