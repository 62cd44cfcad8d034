using Orleans.Runtime;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Identities;

/// <summary>
/// The Orleans streams of security events, on the provider <see cref="ProviderNames.SecurityEventStreams"/> in the
/// namespace <c>security-events</c>, one stream per kind of event, fleet-wide. For monitors: like the plant delta
/// streams they are a fast path (memory streams lose what is in flight when a silo dies); the audit chain is the
/// record.
/// </summary>
public static class SecurityEventStreams
{
    public const string Namespace = "security-events";

    /// <summary><c>security-events/mfa-lockout</c>: <see cref="MfaLockoutEvent"/>s of every identity.</summary>
    public static StreamId MfaLockouts { get; } = StreamId.Create(Namespace, "mfa-lockout");

    /// <summary>The stream of <see cref="MfaLockoutEvent"/>s, for a client (the API, a monitor) to subscribe to.</summary>
    public static Orleans.Streams.IAsyncStream<MfaLockoutEvent> MfaLockoutsOf(IClusterClient client) =>
        client.GetStreamProvider(ProviderNames.SecurityEventStreams).GetStream<MfaLockoutEvent>(MfaLockouts);
}
