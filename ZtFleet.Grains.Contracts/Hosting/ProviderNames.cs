namespace ZtFleet.Grains.Hosting;

/// <summary>Names of the Orleans providers every process configures; one place so silo, client and tests agree.</summary>
public static class ProviderNames
{
    /// <summary>Grain storage for every ZtFleet grain (PostgreSQL in production, memory in development).</summary>
    public const string Storage = "ztfleet";

    /// <summary>Stream provider carrying plant deltas (the fast path; the delta log is the source of truth).</summary>
    public const string PlantDeltaStreams = "plant-deltas";

    /// <summary>
    /// Stream provider carrying security events (MFA lockouts) for monitors; the audit chain is their record (see
    /// <c>docs/security-events.md</c>).
    /// </summary>
    public const string SecurityEventStreams = "security-events";

    /// <summary>
    /// Stream provider carrying new and changed detections, one stream per plant (<c>detections/{plantId}</c>); the
    /// detection table is their record (see <c>docs/detections.md</c>).
    /// </summary>
    public const string DetectionStreams = "detections";

    /// <summary>Storage of the stream pub/sub registry.</summary>
    public const string PubSubStore = "PubSubStore";
}
