namespace ZtFleet.Grains.Access;

/// <summary>
/// The access requests of one plant (keyed by plant id) and where each stands, so that the pending ones and the
/// grants in force can be listed (the console's approvals view, <c>ListAccessRequests</c>). Each request grain records
/// itself here after every change it persists; the request grain stays the one truth of a request.
/// </summary>
[Alias("ztfleet.IAccessRequestIndexGrain")]
public interface IAccessRequestIndexGrain : IGrainWithStringKey
{
    /// <summary>Records that <paramref name="requestId"/> now stands at <paramref name="status"/> (repeating it is harmless).</summary>
    Task RecordAsync(string requestId, AccessRequestStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Request ids, newest first, of the given statuses (empty: any), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(IReadOnlyCollection<AccessRequestStatus> statuses, int limit, CancellationToken cancellationToken = default);
}
