using Orleans.Concurrency;

namespace ZtFleet.Grains.Quarantine;

/// <summary>
/// The workflow of one quarantine, keyed by <c>plantId/quarantineId</c>: asked for by an administrator (or a
/// playbook) → in force at once, or for a safety-related asset after two distinct approvers → lift asked for by an
/// administrator → lifted after the approval of someone other than the one who asked (two for a safety-related
/// asset). The plant's delta log records every effect before this grain reports it.
/// </summary>
[Alias("ztfleet.IQuarantineGrain")]
public interface IQuarantineGrain : IGrainWithStringKey
{
    /// <summary>Validates and records the request; asking again with the same content is harmless.</summary>
    /// <exception cref="Refusals.RefusalException">
    /// Invalid (<see cref="Refusals.InvalidRequestException"/>), unknown plant or asset (<see cref="Refusals.NotFoundException"/>),
    /// or the asset's quarantine is in the way (<see cref="Refusals.PreconditionFailedException"/>).
    /// </exception>
    Task<QuarantineView> RequestAsync(QuarantineSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>Adds an approval of a requested quarantine; the last one needed puts it in force.</summary>
    Task<QuarantineView> ApproveAsync(QuarantineActor approver, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Ends the pending step: a requested quarantine is rejected, a requested lift is refused (it stays in force).</summary>
    Task<QuarantineView> RejectAsync(QuarantineActor approver, string reason, CancellationToken cancellationToken = default);

    /// <summary>Asks for the lift of a quarantine in force; it stays in force until approved.</summary>
    Task<QuarantineView> RequestLiftAsync(QuarantineActor requester, string reason, CancellationToken cancellationToken = default);

    /// <summary>Adds an approval of the pending lift; the last one needed lifts it.</summary>
    Task<QuarantineView> ApproveLiftAsync(QuarantineActor approver, string? comment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lifts the quarantine without approvals when its time to live has passed and the rule allows it
    /// (<see cref="ZtFleet.Policy.Segmentation.QuarantineRules.Expires"/>: a playbook's quarantine of an ordinary
    /// asset); audited <c>quarantine.expire</c>. Returns the quarantine as it is (unchanged when it does not expire
    /// yet, or is closed already).
    /// </summary>
    Task<QuarantineView> ExpireIfDueAsync(CancellationToken cancellationToken = default);

    /// <summary>A tightening replaced this quarantine at the plant at <paramref name="epoch"/>.</summary>
    Task<QuarantineView> SupersedeAsync(string by, long epoch, CancellationToken cancellationToken = default);

    /// <summary>The quarantine, or null when none has this id (a read: it interleaves with running steps).</summary>
    [AlwaysInterleave]
    Task<QuarantineView?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>The plant dropped the quarantine at <paramref name="epoch"/>: its asset left the definition.</summary>
    [OneWay]
    Task AssetRemovedAsync(long epoch);
}
