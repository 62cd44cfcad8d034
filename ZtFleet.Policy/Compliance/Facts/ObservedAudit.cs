namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// The plant's audit chain as the fleet observes it: the head sequence (0: no record), whether a checkpoint signing key
/// is configured, and the latest signed checkpoint (its sequence and time), null when none exists.
/// </summary>
public sealed record ObservedAudit(long HeadSequence, bool SigningConfigured, long? CheckpointSequence, DateTimeOffset? CheckpointAt)
{
    /// <summary>Nothing observed: an empty chain, no key, no checkpoint.</summary>
    public static ObservedAudit None { get; } = new(0, false, null, null);
}
