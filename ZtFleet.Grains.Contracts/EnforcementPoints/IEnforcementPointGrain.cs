namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>
/// One enforcement point (an OT firewall, gateway, jump host, protocol proxy), keyed by its id: registration,
/// acknowledged epochs with their times, heartbeat.
/// </summary>
[Alias("ztfleet.IEnforcementPointGrain")]
public interface IEnforcementPointGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enrolls with the scope an enrollment token allowed. The same token enrolling again (a retry) gets the same
    /// answer; a different token for an enrolled point is refused, so a token works once.
    /// </summary>
    Task<EnforcementPointView> EnrollAsync(EnforcementPointRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Records that every delta up to <paramref name="epoch"/> is applied; older acknowledgements change nothing.</summary>
    Task<EnforcementPointView> AcknowledgeAsync(long epoch, string? rulesetSha256 = null, CancellationToken cancellationToken = default);

    /// <summary>The point is alive (it may be idle: nothing to acknowledge).</summary>
    Task<EnforcementPointView> HeartbeatAsync(CancellationToken cancellationToken = default);

    /// <summary>When the point first acknowledged an epoch at or after <paramref name="epoch"/>; null when it has not yet.</summary>
    Task<DateTimeOffset?> AcknowledgedAtAsync(long epoch, CancellationToken cancellationToken = default);

    /// <summary>Withdraws the point's credential; it can no longer watch or ask.</summary>
    Task RevokeAsync(CancellationToken cancellationToken = default);

    /// <summary>The point, or null when it never enrolled.</summary>
    Task<EnforcementPointView?> GetAsync(CancellationToken cancellationToken = default);
}
