using System.Globalization;
using ZtFleet.Grains.Refusals;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// The refusals of a fleet apply still being committed. The fleet grain commits one apply at a time, so the plants
/// never hold a mix of two documents; the caller retries once <see cref="IFleetGrain.GetApplyStatusAsync"/> reports the
/// pending apply committed. Both carry the apply's id as metadata <see cref="ApplyIdKey"/>.
/// </summary>
public static class FleetApplyRefusals
{
    /// <summary>The <c>ztfleet.v1.ErrorReason</c> of a different document sent while an apply commits.</summary>
    public const string ApplyCommittingReason = "APPLY_COMMITTING";

    /// <summary>The metadata key (and ErrorInfo metadata key) of the apply still committing.</summary>
    public const string ApplyIdKey = "apply_id";

    /// <summary>A different fleet document while apply <paramref name="applyId"/> still commits: nothing was applied (ABORTED).</summary>
    public static ConflictException Committing(Guid applyId) =>
        new($"Apply {applyId} is still committing; nothing was applied. Retry when GetApplyStatus reports it committed.")
        {
            Reason = ApplyCommittingReason,
            Metadata = new Dictionary<string, string> { [ApplyIdKey] = applyId.ToString() },
        };

    /// <summary>A read that cannot tell the fleet yet while apply <paramref name="applyId"/> commits (UNAVAILABLE, retryable).</summary>
    public static TemporarilyUnavailableException StillCommitting(Guid applyId) =>
        new($"Apply {applyId} is still committing; retry in a few seconds.")
        {
            Reason = ApplyCommittingReason,
            Metadata = new Dictionary<string, string> { [ApplyIdKey] = applyId.ToString() },
        };

    /// <summary>The apply a refusal of this class names, or null for any other refusal.</summary>
    public static Guid? ApplyIdOf(RefusalException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Metadata.TryGetValue(ApplyIdKey, out var value) && Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
