namespace ZtFleet.Grains.Access;

/// <summary>
/// The temporary access workflow of one request, keyed by request id: requested → approved (one approver, two
/// distinct ones when any target is safety-related; never the requester or the beneficiary) → active only inside
/// its window → expired by itself, or revoked at any time.
/// </summary>
[Alias("ztfleet.IAccessRequestGrain")]
public interface IAccessRequestGrain : IGrainWithStringKey
{
    /// <summary>Validates and records the request; submitting the same request again is harmless.</summary>
    Task<AccessRequestView> SubmitAsync(AccessRequestSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>Adds an approval; the last one needed grants the access at every plant concerned.</summary>
    Task<AccessRequestView> ApproveAsync(string approver, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Refuses a request that is not granted yet.</summary>
    Task<AccessRequestView> RejectAsync(string approver, string reason, CancellationToken cancellationToken = default);

    /// <summary>Ends the access at once; enforcement points learn of it through the plant's delta log.</summary>
    Task<AccessRequestView> RevokeAsync(string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Expires the access when its window has ended (its reminder calls this; decisions already deny after the
    /// window ends, this removes the grant from every plant's state and tells enforcement points).
    /// </summary>
    Task<AccessRequestView?> ExpireIfDueAsync(CancellationToken cancellationToken = default);

    /// <summary>The request, or null when no request has this id.</summary>
    Task<AccessRequestView?> GetAsync(CancellationToken cancellationToken = default);
}
